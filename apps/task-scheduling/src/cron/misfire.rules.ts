import { latestFrom, latestOccurrences, LatestOccurrences, NextAfter } from './occurrence-window';

// What happens to instants that fell due while nothing could fire them (more than graceMs ago):
// skip records them all; run_once fires the latest and records the rest as coalesced; run_all
// fires them, and when the cap bites the most recent win, since fresh runs matter more than stale.
export type MisfirePolicy = 'skip' | 'run_once' | 'run_all';

export type MissedReason = 'misfire_skipped' | 'misfire_coalesced' | 'misfire_cap_exceeded';

export interface MissedRun {
  scheduledFor: Date;
  reason: MissedReason;
}

export interface MisfireInput {
  schedule: NextAfter;
  // The instant that was due and has not fired (the stored next_run_at).
  lastScheduled: Date;
  now: Date;
  policy: MisfirePolicy;
  // Most runs one decision fires, whatever the policy.
  cap?: number;
  // A due instant younger than this is merely late, not a misfire, and fires under every policy.
  graceMs?: number;
  // Most missed instants listed; a scheduler down for a week must not write a million rows.
  maxMissedRecorded?: number;
}

export interface MisfireDecision {
  // Ascending; each is fired with its own scheduled instant (and idempotency key).
  fire: Date[];
  // Ascending; the most recent misses when there are more than maxMissedRecorded.
  missed: MissedRun[];
  missedTruncated: boolean;
  // First instant after `now`: the new next_run_at.
  next: Date | null;
}

export const DEFAULT_MISFIRE_CAP = 100;
export const DEFAULT_MISFIRE_GRACE_MS = 60_000;
export const DEFAULT_MAX_MISSED_RECORDED = 1000;

const REASON_BY_POLICY: Readonly<Record<MisfirePolicy, MissedReason>> = {
  skip: 'misfire_skipped',
  run_once: 'misfire_coalesced',
  run_all: 'misfire_cap_exceeded',
};

function assertCount(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer >= ${min}`);
  }
}

const missedAs =
  (reason: MissedReason) =>
  (scheduledFor: Date): MissedRun => ({ scheduledFor, reason });

export function decideMisfire(input: MisfireInput): MisfireDecision {
  const cap = input.cap ?? DEFAULT_MISFIRE_CAP;
  const graceMs = input.graceMs ?? DEFAULT_MISFIRE_GRACE_MS;
  const maxMissed = input.maxMissedRecorded ?? DEFAULT_MAX_MISSED_RECORDED;
  assertCount('cap', cap, 1);
  assertCount('graceMs', graceMs, 0);
  assertCount('maxMissedRecorded', maxMissed, 0);
  const { schedule, lastScheduled, now, policy } = input;
  if (lastScheduled.getTime() > now.getTime()) {
    return { fire: [], missed: [], missedTruncated: false, next: lastScheduled };
  }
  // Instants at or before the cutoff are misfires; later ones are only a little late.
  const cutoff = new Date(now.getTime() - graceMs);
  const lastIsLate = lastScheduled.getTime() <= cutoff.getTime();

  const onTime: LatestOccurrences = lastIsLate
    ? latestOccurrences(schedule, cutoff, now, cap + maxMissed)
    : latestFrom(schedule, lastScheduled, now, cap + maxMissed);
  const onTimeFired = onTime.items.slice(-cap);
  const onTimeMissed = onTime.items.slice(0, -cap).map(missedAs('misfire_cap_exceeded'));

  const room = cap - onTimeFired.length;
  const lateToFire = Math.min(room, policy === 'skip' ? 0 : policy === 'run_once' ? 1 : cap);
  const late: LatestOccurrences = lastIsLate
    ? latestFrom(schedule, lastScheduled, cutoff, lateToFire + maxMissed)
    : { items: [], complete: true };
  const split = late.items.length - lateToFire;
  const lateFired = late.items.slice(Math.max(0, split));
  const lateMissed = late.items.slice(0, Math.max(0, split)).map(missedAs(REASON_BY_POLICY[policy]));

  const missed = [...lateMissed, ...onTimeMissed];
  return {
    fire: [...lateFired, ...onTimeFired],
    missed: maxMissed === 0 ? [] : missed.slice(-maxMissed),
    missedTruncated: !late.complete || !onTime.complete || missed.length > maxMissed,
    next: schedule.nextAfter(now),
  };
}
