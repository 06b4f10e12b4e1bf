import {
  connectWithRetry,
  DependencyUnreachableError,
  describeCause,
  OutageReporter,
} from './outage-reporter';
import { AppLogger } from './logger';

function refused(port: number): Error {
  return Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:${port}`), { code: 'ECONNREFUSED' });
}

describe(OutageReporter.name, () => {
  let warn: jest.SpyInstance;
  let info: jest.SpyInstance;
  let clock: number;

  beforeEach(() => {
    clock = 0;
    warn = jest.spyOn(AppLogger.prototype, 'warn').mockImplementation(() => undefined);
    info = jest.spyOn(AppLogger.prototype, 'info').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  const reporter = () =>
    new OutageReporter('postgres', 'postgres://megahub:s3cret@127.0.0.1:5432/megahub', () => clock);

  it('should say once where and why, without the password or a stack', () => {
    const outage = reporter();
    outage.failed(refused(5432));
    expect(warn).toHaveBeenCalledTimes(1);
    const [message, fields] = warn.mock.calls[0] as [string, Record<string, unknown>];
    expect(message).toBe(
      'postgres not reachable at postgres://megahub:***@127.0.0.1:5432/megahub: connect ECONNREFUSED 127.0.0.1:5432 (retrying; start Postgres or set DATABASE_URL)',
    );
    expect(JSON.stringify(fields)).not.toMatch(/s3cret|stack|at /);
  });

  it('should stay quiet while the same cause repeats, and speak again after 30 s or when the cause changes', () => {
    const outage = reporter();
    outage.failed(refused(5432));
    for (clock = 250; clock < 30_000; clock += 250) outage.failed(refused(5432));
    expect(warn).toHaveBeenCalledTimes(1);
    clock = 30_000;
    outage.failed(refused(5432));
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[1][0]).toMatch(/still not reachable .* after 30 s/);
    clock = 31_000;
    outage.failed(new Error('timeout expired'));
    expect(warn).toHaveBeenCalledTimes(3);
  });

  it('should say once that the dependency is back, and only after an outage', () => {
    const outage = reporter();
    outage.recovered();
    expect(info).not.toHaveBeenCalled();
    outage.failed(refused(5432));
    clock = 12_000;
    outage.recovered();
    expect(info).toHaveBeenCalledWith(
      'postgres reachable at postgres://megahub:***@127.0.0.1:5432/megahub after 12 s',
      {
        dependency: 'postgres',
      },
    );
  });
});

describe(`${OutageReporter.name} shared and lost connections`, () => {
  let warn: jest.SpyInstance;

  beforeEach(() => (warn = jest.spyOn(AppLogger.prototype, 'warn').mockImplementation(() => undefined)));
  afterEach(() => jest.restoreAllMocks());

  it('should give the two connections of an app to one address one reporter', () => {
    const url = 'nats://shared-host:4222';
    expect(OutageReporter.for('nats', url)).toBe(OutageReporter.for('nats', url));
    expect(OutageReporter.for('nats', url)).not.toBe(OutageReporter.for('nats', 'nats://other-host:4222'));
    OutageReporter.for('nats', url).failed(refused(4222));
    OutageReporter.for('nats', url).failed(refused(4222));
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('should say a lost connection once per 30 s, however many pooled clients report it', () => {
    let clock = 0;
    const pool = new OutageReporter('postgres', 'postgres://postgres@db:5432/megahub', () => clock);
    for (let client = 0; client < 8; client++) pool.lost(new Error('Connection terminated unexpectedly'));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toBe(
      'postgres connection lost at postgres://postgres@db:5432/megahub: Connection terminated unexpectedly (reconnecting)',
    );
    clock = 30_000;
    pool.lost(new Error('Connection terminated unexpectedly'));
    expect(warn).toHaveBeenCalledTimes(2);
  });
});

describe(connectWithRetry.name, () => {
  beforeEach(() => {
    jest.spyOn(AppLogger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(AppLogger.prototype, 'info').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());
  const noSleep = () => Promise.resolve();

  it('should retry until the dependency answers', async () => {
    const attempt = jest
      .fn()
      .mockRejectedValueOnce(refused(4222))
      .mockRejectedValueOnce(refused(4222))
      .mockResolvedValue('connected');
    await expect(
      connectWithRetry(new OutageReporter('nats', 'nats://127.0.0.1:4222'), attempt, {
        attempts: 5,
        sleep: noSleep,
      }),
    ).resolves.toBe('connected');
    expect(attempt).toHaveBeenCalledTimes(3);
  });

  it('should give up after the attempts with one line that has no stack', async () => {
    const attempt = jest.fn().mockRejectedValue(refused(4222));
    const failure = connectWithRetry(new OutageReporter('nats', 'nats://tok3n@127.0.0.1:4222'), attempt, {
      attempts: 3,
      sleep: noSleep,
    });
    await expect(failure).rejects.toThrow(DependencyUnreachableError);
    const error = (await failure.catch((e: unknown) => e)) as Error;
    expect(error.stack).toBe(
      'nats at nats://***@127.0.0.1:4222 not reachable after 3 attempts: connect ECONNREFUSED 127.0.0.1:4222 (start nats-server -js or set NATS_URL)',
    );
  });

  it('should not retry credentials that were refused', async () => {
    const attempt = jest
      .fn()
      .mockRejectedValue(
        Object.assign(new Error('password authentication failed for user "megahub"'), { code: '28P01' }),
      );
    await expect(
      connectWithRetry(new OutageReporter('postgres', 'postgres://megahub:x@db/megahub'), attempt, {
        attempts: 60,
        sleep: noSleep,
      }),
    ).rejects.toThrow(
      'postgres at postgres://megahub:***@db/megahub refused the connection: password authentication failed for user "megahub" (check the credentials in DATABASE_URL)',
    );
    expect(attempt).toHaveBeenCalledTimes(1);
  });
});

describe(describeCause.name, () => {
  it('should prefer the socket error nats.js chains to its own code', () => {
    const natsError = Object.assign(new Error('CONNECTION_REFUSED'), {
      code: 'CONNECTION_REFUSED',
      chainedError: refused(4222),
    });
    expect(describeCause(natsError)).toBe('connect ECONNREFUSED 127.0.0.1:4222');
  });

  it("should explain nats.js's words for a connection closed before the NATS greeting", () => {
    expect(describeCause(new Error('node provided an undefined error!'))).toMatch(
      /closed before the NATS handshake/,
    );
  });

  it('should read the first error of an AggregateError without a message', () => {
    expect(describeCause(new AggregateError([refused(5432)], ''))).toBe(
      'connect ECONNREFUSED 127.0.0.1:5432',
    );
  });
});
