// Wall-clock arithmetic for IANA time zones, built on Intl only (no process TZ involved).
// A "wall" value is a local date-time encoded as if it were a UTC epoch in ms: that lets
// calendar maths (croner, day stepping) run without any DST, and DST is applied once, here.

const DAY_MS = 86_400_000;

export type WallResolutionKind = 'exact' | 'gap' | 'fold';

export interface WallResolution {
  instant: number;
  // exact: one instant; gap: the wall time was skipped (spring forward);
  // fold: the wall time happened twice (fall back), the earlier instant is returned.
  kind: WallResolutionKind;
  offsetBefore: number;
  offsetAfter: number;
}

export interface LocalDay {
  date: string;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  // Newer ICU accepts "+01:00" as a zone; the API promises IANA names, and an offset has no DST rules.
  if (typeof timeZone !== 'string' || timeZone.trim() === '' || /^[+-]/.test(timeZone)) {
    return false;
  }
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

// Formatting is the slow part (several µs), and a per-second schedule asks for offsets constantly.
// Offsets are cached per quarter hour when the offset is the same at both ends of it: tzdb never
// has two transitions fifteen minutes apart, so such a quarter hour has no transition inside.
const OFFSET_BUCKET_MS = 15 * 60_000;
const MAX_CACHED_BUCKETS = 50_000;
const bucketOffsets = new Map<string, number | null>();

function formattedOffset(timeZone: string, wholeSecondsMs: number): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(wholeSecondsMs));
  const field = (type: Intl.DateTimeFormatPartTypes): number => {
    const part = parts.find((p) => p.type === type);
    return part ? Number(part.value) : 0;
  };
  // Some ICU builds print midnight as 24 even with h23.
  const hour = field('hour') % 24;
  const wall = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    hour,
    field('minute'),
    field('second'),
  );
  return wall - wholeSecondsMs;
}

// Milliseconds to add to a UTC instant to read the zone's wall clock.
export function offsetAt(timeZone: string, instantMs: number): number {
  const wholeSeconds = Math.floor(instantMs / 1000) * 1000;
  const bucket = Math.floor(wholeSeconds / OFFSET_BUCKET_MS);
  const key = `${timeZone}|${bucket}`;
  let cached = bucketOffsets.get(key);
  if (cached === undefined) {
    const start = formattedOffset(timeZone, bucket * OFFSET_BUCKET_MS);
    const end = formattedOffset(timeZone, (bucket + 1) * OFFSET_BUCKET_MS - 1000);
    cached = start === end ? start : null;
    if (bucketOffsets.size >= MAX_CACHED_BUCKETS) {
      bucketOffsets.clear();
    }
    bucketOffsets.set(key, cached);
  }
  return cached ?? formattedOffset(timeZone, wholeSeconds);
}

export function wallClockOf(timeZone: string, instantMs: number): number {
  return instantMs + offsetAt(timeZone, instantMs);
}

export function resolveWallClock(timeZone: string, wallMs: number): WallResolution {
  // Offsets a day either side bracket any transition near this wall time (tzdb never has two
  // transitions within two days), so one of them is the offset that applies.
  const offsetBefore = offsetAt(timeZone, wallMs - DAY_MS);
  const offsetAfter = offsetAt(timeZone, wallMs + DAY_MS);
  const candidates = offsetBefore === offsetAfter ? [offsetBefore] : [offsetBefore, offsetAfter];
  const valid = candidates
    .map((offset) => wallMs - offset)
    .filter((instant) => wallClockOf(timeZone, instant) === wallMs)
    .sort((a, b) => a - b);
  if (valid.length === 0) {
    // Spring forward: read the skipped wall time with the old offset, i.e. shift it by the gap
    // (02:30 in a 02:00→03:00 jump becomes 03:30), as Temporal's "compatible" mode does.
    return { instant: wallMs - offsetBefore, kind: 'gap', offsetBefore, offsetAfter };
  }
  return { instant: valid[0], kind: valid.length > 1 ? 'fold' : 'exact', offsetBefore, offsetAfter };
}

// First instant carrying `laterOffset`, searched in (earlier, later] at one-second resolution.
export function findTransition(timeZone: string, earlierMs: number, laterMs: number): number {
  const earlierOffset = offsetAt(timeZone, earlierMs);
  let low = earlierMs;
  let high = laterMs;
  while (high - low > 1000) {
    const middle = low + Math.floor((high - low) / 2000) * 1000;
    if (offsetAt(timeZone, middle) === earlierOffset) {
      low = middle;
    } else {
      high = middle;
    }
  }
  return high;
}

export function formatDay(wallMs: number): string {
  return new Date(wallMs).toISOString().slice(0, 10);
}

export function localDayOf(timeZone: string, instant: Date): LocalDay {
  const wall = wallClockOf(timeZone, instant.getTime());
  return { date: formatDay(wall), weekday: new Date(wall).getUTCDay() };
}

export function startOfNextLocalDay(timeZone: string, instantMs: number): number {
  const wall = wallClockOf(timeZone, instantMs);
  const nextMidnight = Math.floor(wall / DAY_MS) * DAY_MS + DAY_MS;
  // Where midnight itself is skipped (e.g. America/Santiago), the day starts at the shifted instant.
  return resolveWallClock(timeZone, nextMidnight).instant;
}
