import {
  findTransition,
  isValidTimeZone,
  localDayOf,
  offsetAt,
  resolveWallClock,
  startOfNextLocalDay,
  wallClockOf,
} from './time-zone';

const at = (iso: string): number => new Date(iso).getTime();
const HOUR = 3_600_000;

describe(isValidTimeZone.name, () => {
  it.each(['UTC', 'Etc/UTC', 'Europe/Paris', 'America/New_York', 'Australia/Lord_Howe'])(
    'should accept %s',
    (zone) => {
      expect(isValidTimeZone(zone)).toBe(true);
    },
  );

  it.each(['', ' ', 'Mars/Base', 'Europe/Pariss', '+01:00', '-05:00', 'UTC+1'])(
    'should refuse %j',
    (zone) => {
      expect(isValidTimeZone(zone)).toBe(false);
    },
  );
});

describe(offsetAt.name, () => {
  it('should give winter and summer offsets', () => {
    expect(offsetAt('Europe/Paris', at('2026-01-15T12:00:00Z'))).toBe(HOUR);
    expect(offsetAt('Europe/Paris', at('2026-07-15T12:00:00Z'))).toBe(2 * HOUR);
    expect(offsetAt('America/New_York', at('2026-01-15T12:00:00Z'))).toBe(-5 * HOUR);
    expect(offsetAt('America/New_York', at('2026-07-15T12:00:00Z'))).toBe(-4 * HOUR);
    expect(offsetAt('UTC', at('2026-07-15T12:00:00Z'))).toBe(0);
  });

  it('should switch exactly at the transition second', () => {
    // Paris springs forward at 01:00:00Z on 2026-03-29.
    expect(offsetAt('Europe/Paris', at('2026-03-29T00:59:59Z'))).toBe(HOUR);
    expect(offsetAt('Europe/Paris', at('2026-03-29T01:00:00Z'))).toBe(2 * HOUR);
    // Asked twice: the second answer comes from the quarter-hour cache and must agree.
    expect(offsetAt('Europe/Paris', at('2026-03-29T00:59:59Z'))).toBe(HOUR);
    expect(offsetAt('Europe/Paris', at('2026-03-29T00:50:00Z'))).toBe(HOUR);
  });
});

describe(wallClockOf.name, () => {
  it('should read the local clock as a UTC-encoded value, milliseconds kept', () => {
    expect(wallClockOf('Europe/Paris', at('2026-01-01T00:00:00.250Z'))).toBe(at('2026-01-01T01:00:00.250Z'));
    expect(wallClockOf('America/New_York', at('2026-01-01T03:00:00Z'))).toBe(at('2025-12-31T22:00:00Z'));
  });
});

describe(resolveWallClock.name, () => {
  it('should map an ordinary wall time to its one instant', () => {
    expect(resolveWallClock('Europe/Paris', at('2026-01-10T09:00:00Z'))).toEqual({
      instant: at('2026-01-10T08:00:00Z'),
      kind: 'exact',
      offsetBefore: HOUR,
      offsetAfter: HOUR,
    });
  });

  it('should shift a skipped wall time forward by the gap', () => {
    // 02:30 on 2026-03-29 does not exist in Paris; read with CET it is 01:30Z = 03:30 CEST.
    expect(resolveWallClock('Europe/Paris', at('2026-03-29T02:30:00Z'))).toEqual({
      instant: at('2026-03-29T01:30:00Z'),
      kind: 'gap',
      offsetBefore: HOUR,
      offsetAfter: 2 * HOUR,
    });
  });

  it('should take the first of a repeated wall time', () => {
    // 02:30 on 2026-10-25 is 00:30Z (CEST) and 01:30Z (CET).
    expect(resolveWallClock('Europe/Paris', at('2026-10-25T02:30:00Z'))).toEqual({
      instant: at('2026-10-25T00:30:00Z'),
      kind: 'fold',
      offsetBefore: 2 * HOUR,
      offsetAfter: HOUR,
    });
    // 01:30 on 2026-11-01 in New York is 05:30Z (EDT) and 06:30Z (EST).
    expect(resolveWallClock('America/New_York', at('2026-11-01T01:30:00Z')).instant).toBe(
      at('2026-11-01T05:30:00Z'),
    );
  });
});

describe(findTransition.name, () => {
  it('should find the first second of the new offset', () => {
    expect(findTransition('Europe/Paris', at('2026-03-29T00:00:00Z'), at('2026-03-29T02:00:00Z'))).toBe(
      at('2026-03-29T01:00:00Z'),
    );
    expect(findTransition('America/New_York', at('2026-11-01T05:00:00Z'), at('2026-11-01T07:00:00Z'))).toBe(
      at('2026-11-01T06:00:00Z'),
    );
  });
});

describe(localDayOf.name, () => {
  it('should give the date and weekday in the zone', () => {
    // 2026-01-01T23:30Z is Friday 2 January 00:30 in Paris, still Thursday 1 January in UTC.
    expect(localDayOf('Europe/Paris', new Date('2026-01-01T23:30:00Z'))).toEqual({
      date: '2026-01-02',
      weekday: 5,
    });
    expect(localDayOf('UTC', new Date('2026-01-01T23:30:00Z'))).toEqual({ date: '2026-01-01', weekday: 4 });
  });
});

describe(startOfNextLocalDay.name, () => {
  it('should give the next local midnight', () => {
    expect(startOfNextLocalDay('Europe/Paris', at('2026-01-01T12:00:00Z'))).toBe(at('2026-01-01T23:00:00Z'));
    // From 23:30 Paris on 1 January (22:30Z) the next midnight is still 2 January 00:00 = 23:00Z.
    expect(startOfNextLocalDay('Europe/Paris', at('2026-01-01T22:30:00Z'))).toBe(at('2026-01-01T23:00:00Z'));
  });

  it('should start the day at the shifted instant when midnight is skipped', () => {
    // Santiago: 2026-09-06 00:00 (-04) jumps to 01:00 (-03) = 04:00Z.
    expect(startOfNextLocalDay('America/Santiago', at('2026-09-05T12:00:00Z'))).toBe(
      at('2026-09-06T04:00:00Z'),
    );
  });
});
