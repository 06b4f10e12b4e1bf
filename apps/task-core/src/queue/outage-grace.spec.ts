import { OutageGrace } from './outage-grace';

describe(OutageGrace.name, () => {
  let clock: number;
  let grace: OutageGrace;

  beforeEach(() => {
    clock = 1_000_000;
    grace = new OutageGrace(30_000, () => clock);
  });

  it('should let the sweeper run when nothing was ever lost', () => {
    expect(grace.maySweep).toBe(true);
  });

  it('should hold sweeps during an outage and for the grace period after it', () => {
    grace.lost('postgres');
    expect(grace.maySweep).toBe(false);
    clock += 60_000;
    expect(grace.maySweep).toBe(false);
    expect(grace.restored('postgres')).toBe(true);
    clock += 29_999;
    expect(grace.maySweep).toBe(false);
    clock += 1;
    expect(grace.maySweep).toBe(true);
  });

  it('should wait for every lost dependency, then grant the grace from the last one restored', () => {
    grace.lost('postgres');
    grace.lost('nats');
    expect(grace.restored('nats')).toBe(false);
    clock += 20_000;
    expect(grace.maySweep).toBe(false);
    expect(grace.restored('postgres')).toBe(true);
    clock += 29_000;
    expect(grace.maySweep).toBe(false);
    clock += 1000;
    expect(grace.maySweep).toBe(true);
  });

  it('should ignore a restore of something that was not lost', () => {
    expect(grace.restored('nats')).toBe(false);
    expect(grace.maySweep).toBe(true);
  });
});
