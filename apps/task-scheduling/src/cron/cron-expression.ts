import { CronDate, CronPattern } from 'croner';
import { toString as describeCron } from 'cronstrue';
import { CronError } from './cron-error';
import { parseCronSyntax } from './cron-syntax';
import { findTransition, isValidTimeZone, offsetAt, resolveWallClock, WallResolution } from './time-zone';

export { CronError } from './cron-error';

export interface CronSchedule {
  readonly expression: string;
  readonly timezone: string;
  // Human reading in English, e.g. "At 09:00, Monday through Friday".
  readonly description: string;
  readonly hasSeconds: boolean;
  // First instant strictly after `date`, or null when the expression never fires again.
  nextAfter(date: Date): Date | null;
  nextRuns(from: Date, count: number): Date[];
}

export const MAX_NEXT_RUNS = 1000;

// A DST gap just before the search start can hold wall times that only now map after it.
const TRANSITION_LOOKBACK_MS = 6 * 3_600_000;
// Each retry jumps past a whole offset's worth of wall time, so two or three are enough.
const MAX_RESOLVE_ATTEMPTS = 8;

export function parseCron(expression: string, timezone: string): CronSchedule {
  const syntax = parseCronSyntax(expression);
  if (!isValidTimeZone(timezone)) {
    throw new CronError(`unknown time zone: ${timezone}`, 'timezone');
  }
  return new ZonedCronSchedule(expression.trim(), timezone, syntax.hasSeconds, {
    pattern: new CronPattern(syntax.cronerPattern),
    legacyMode: syntax.dayFieldsOr,
    description: describe(syntax.displayPattern, syntax.dayFieldsOr),
  });
}

function describe(displayPattern: string, dayFieldsOr: boolean): string {
  try {
    return describeCron(displayPattern, {
      use24HourTimeFormat: true,
      locale: 'en',
      logicalAndDayFields: !dayFieldsOr,
      throwExceptionOnParseError: true,
    });
  } catch {
    // The expression already passed our stricter validation; a wording gap is no reason to reject it.
    return displayPattern;
  }
}

interface CompiledPattern {
  pattern: CronPattern;
  legacyMode: boolean;
  description: string;
}

// Croner is asked only about wall-clock times (encoded as UTC, offset 0) so it never sees DST;
// each wall time is then mapped to one instant here: a skipped time shifts forward by the gap,
// a repeated time takes its first occurrence. Croner's own zone handling picks the later
// occurrence east of UTC and the earlier one west of it, and can skip a shifted run.
class ZonedCronSchedule implements CronSchedule {
  readonly description: string;

  constructor(
    readonly expression: string,
    readonly timezone: string,
    readonly hasSeconds: boolean,
    private readonly compiled: CompiledPattern,
  ) {
    this.description = compiled.description;
  }

  nextAfter(date: Date): Date | null {
    const time = date.getTime();
    if (Number.isNaN(time)) {
      throw new RangeError('nextAfter needs a valid date');
    }
    const after = Math.floor(time / 1000) * 1000;
    const offsetNow = offsetAt(this.timezone, after);
    let cursor = after + Math.min(offsetNow, offsetAt(this.timezone, after - TRANSITION_LOOKBACK_MS));
    for (let attempt = 0; attempt < MAX_RESOLVE_ATTEMPTS; attempt++) {
      const wall = this.wallAfter(cursor);
      if (wall === null) {
        return null;
      }
      const resolved = resolveWallClock(this.timezone, wall);
      if (resolved.instant > after) {
        return new Date(
          resolved.kind === 'gap' ? this.earliestAroundGap(wall, resolved, after) : resolved.instant,
        );
      }
      cursor = Math.max(wall, this.lastWallNotAfter(wall, resolved, after));
    }
    throw new Error(`nextAfter did not settle for "${this.expression}" in ${this.timezone}`);
  }

  nextRuns(from: Date, count: number): Date[] {
    if (!Number.isInteger(count) || count < 0 || count > MAX_NEXT_RUNS) {
      throw new RangeError(`count must be an integer between 0 and ${MAX_NEXT_RUNS}`);
    }
    const runs: Date[] = [];
    let cursor: Date | null = from;
    while (runs.length < count && (cursor = this.nextAfter(cursor)) !== null) {
      runs.push(cursor);
    }
    return runs;
  }

  private wallAfter(wallMs: number): number | null {
    const next = new CronDate(new Date(wallMs), 0).increment(
      this.compiled.pattern,
      { legacyMode: this.compiled.legacyMode },
      false,
    );
    return next === null ? null : next.getTime();
  }

  // `wall` maps at or before `after`, and so does every wall time up to after + its offset that
  // shares that offset. In a repeated hour that offset stops at the end of the fold, where the
  // (smaller) new offset takes over and wall times map after `after` again.
  private lastWallNotAfter(wall: number, resolved: WallResolution, after: number): number {
    const sameOffsetLimit = after + (wall - resolved.instant);
    if (resolved.kind !== 'fold') {
      return sameOffsetLimit;
    }
    const transition = findTransition(
      this.timezone,
      wall - resolved.offsetBefore,
      wall - resolved.offsetAfter,
    );
    return Math.min(sameOffsetLimit, transition + resolved.offsetBefore - 1000);
  }

  // A skipped wall time lands just after the jump, where the first wall times past the gap also
  // land, so wall order is not instant order there: with a 30-minute jump at 02:00, `0,20,40 2`
  // gives 02:20 → 02:50 but the real 02:40 comes first. Take the earlier of the two.
  private earliestAroundGap(gapWall: number, resolved: WallResolution, after: number): number {
    const transition = findTransition(
      this.timezone,
      gapWall - resolved.offsetAfter,
      gapWall - resolved.offsetBefore,
    );
    const gapEndWall = transition + resolved.offsetAfter;
    const firstWallPastGap = this.wallAfter(Math.max(after + resolved.offsetAfter, gapEndWall - 1000));
    if (firstWallPastGap === null) {
      return resolved.instant;
    }
    const pastGap = resolveWallClock(this.timezone, firstWallPastGap).instant;
    return pastGap > after && pastGap < resolved.instant ? pastGap : resolved.instant;
  }
}
