import { ErrorCode } from '@app/contracts';
import { AppError, Sql } from '@app/platform';
import { MAX_NOT_BEFORE_AHEAD_MS, NotBeforeGate } from './not-before';

/** A database whose clock runs `skewMs` ahead of this process's. */
function gateWithClock(skewMs = 0) {
  const sql = { one: jest.fn(async () => ({ now: new Date(Date.now() + skewMs) })) };
  return { gate: new NotBeforeGate(sql as unknown as Sql), sql };
}

describe(NotBeforeGate.name, () => {
  it('should resolve only once the database clock has reached the instant', async () => {
    const { gate } = gateWithClock();
    const notBefore = new Date(Date.now() + 80);
    await gate.waitFor(notBefore.toISOString());
    expect(Date.now()).toBeGreaterThanOrEqual(notBefore.getTime());
  });

  it('should go by the database clock, not this process’s', async () => {
    // The database is 300 ms ahead: an instant 100 ms ahead here is already past there.
    const { gate } = gateWithClock(300);
    const startedAt = performance.now();
    await gate.waitFor(new Date(Date.now() + 100).toISOString());
    expect(performance.now() - startedAt).toBeLessThan(50);
  });

  it('should resolve at once for an instant already past', async () => {
    const { gate, sql } = gateWithClock();
    const startedAt = performance.now();
    await gate.waitFor(new Date(Date.now() - 1000).toISOString());
    expect(performance.now() - startedAt).toBeLessThan(50);
    expect(sql.one).toHaveBeenCalledTimes(1);
  });

  it('should refuse an instant too far ahead, naming the field, without waiting', async () => {
    const { gate } = gateWithClock();
    const startedAt = performance.now();
    const refusal = await gate
      .waitFor(new Date(Date.now() + MAX_NOT_BEFORE_AHEAD_MS + 1000).toISOString())
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: ErrorCode.ValidationFailed });
    expect((refusal as AppError).fieldErrors).toHaveProperty('not_before');
    expect(performance.now() - startedAt).toBeLessThan(50);
  });
});
