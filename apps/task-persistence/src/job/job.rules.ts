import { FieldErrors, JOB_STATUSES, JobStatus } from '@app/contracts';

/**
 * Job statuses in which `pause/` is accepted: `pausing` answers again with the same job, and an
 * interrupted job stops waiting for its automatic resume.
 */
export const PAUSABLE_STATUSES: readonly JobStatus[] = [
  'pending',
  'running',
  'retrying',
  'interrupted',
  'pausing',
];
/** Job statuses in which `cancel/` has nothing left to cancel. */
export const FINISHED_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'cancelled'];

/** `resume/` re-queues an interrupted or paused job, or a failed one that has a checkpoint to resume from. */
export function canResume(job: { status: string; checkpoint_count: number }): boolean {
  if (job.status === 'failed') return job.checkpoint_count > 0;
  return job.status === 'interrupted' || job.status === 'paused';
}

/** An interrupted job resumes by itself while it has automatic resumes left. */
export function autoResumeDue(job: {
  status: string;
  auto_resume: boolean;
  resume_count: number;
  max_resumes: number;
}): boolean {
  return job.status === 'interrupted' && job.auto_resume && job.resume_count < job.max_resumes;
}

export type EventMark = { attempt: number; at: Date };

/**
 * Whether a task event is at least as recent as the last one applied to the job. Events may arrive
 * twice or late: a later attempt always wins, and within an attempt the later event.
 */
export function isNewer(event: EventMark, applied: { attempt: number; at: Date | null }): boolean {
  if (applied.at === null) return true;
  if (event.attempt !== applied.attempt) return event.attempt > applied.attempt;
  return event.at.getTime() >= applied.at.getTime();
}

/** How far along the job is, in [0, 1]: items, else steps, else the percentage. Null when unknown. */
export function doneFraction(p: {
  items_processed?: number | null;
  items_total?: number | null;
  current_step?: number | null;
  total_steps?: number | null;
  percentage?: number | null;
}): number | null {
  if (p.items_total && p.items_processed !== null && p.items_processed !== undefined) {
    return clamp01(p.items_processed / p.items_total);
  }
  if (p.total_steps && p.current_step !== null && p.current_step !== undefined)
    return clamp01(p.current_step / p.total_steps);
  if (p.percentage !== null && p.percentage !== undefined) return clamp01(p.percentage / 100);
  return null;
}

/** The percentage a checkpoint reports, or the one its items or steps imply (2 decimals). */
export function percentageOf(stated: number | undefined, fraction: number | null): number | null {
  if (stated !== undefined) return stated;
  return fraction === null ? null : Math.round(fraction * 10_000) / 100;
}

export type RateSample = {
  fraction: number | null;
  at: Date | null;
  attempt: number | null;
  rate: number | null;
};

/** Weight of the newest sample in the progress rate (exponentially weighted moving average). */
export const RATE_SMOOTHING = 0.3;

/**
 * The job's rate of progress (fraction per second) after a new sample. Samples of a new attempt start a
 * new baseline (the job was paused or interrupted in between) but keep the rate learnt so far.
 */
export function nextRate(
  previous: RateSample,
  fraction: number | null,
  at: Date,
  attempt: number,
): number | null {
  if (fraction === null || previous.fraction === null || previous.at === null || previous.attempt !== attempt)
    return previous.rate;
  const seconds = (at.getTime() - previous.at.getTime()) / 1000;
  const advanced = fraction - previous.fraction;
  if (seconds <= 0 || advanced < 0) return previous.rate;
  const instant = advanced / seconds;
  return previous.rate === null ? instant : RATE_SMOOTHING * instant + (1 - RATE_SMOOTHING) * previous.rate;
}

/** Seconds left at `rate`, counted from the sample taken at `sampledAt`. Null when it cannot be estimated. */
export function etaSeconds(
  fraction: number | null,
  rate: number | null,
  sampledAt: Date | null,
  now: Date,
): number | null {
  if (fraction === null) return null;
  if (fraction >= 1) return 0;
  if (rate === null || rate <= 0 || sampledAt === null) return null;
  const remaining = (1 - fraction) / rate - Math.max(0, (now.getTime() - sampledAt.getTime()) / 1000);
  return Math.max(0, Math.round(remaining));
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/** Splits a comma list and checks each item against the allowed values; unknown values are field errors. */
export function parseEnumList<T extends string>(
  field: string,
  raw: string | undefined,
  allowed: readonly T[],
  errors: FieldErrors,
): T[] | undefined {
  if (raw === undefined) return undefined;
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = items.filter((i) => !allowed.includes(i as T));
  if (bad.length > 0 || items.length === 0) {
    errors[field] = [
      `Unknown value(s): ${bad.join(', ') || '(empty)'}; expected one of ${allowed.join(', ')}`,
    ];
    return undefined;
  }
  return [...new Set(items as T[])];
}

export function parseJobStatusFilter(raw: string | undefined, errors: FieldErrors): JobStatus[] | undefined {
  return parseEnumList('status', raw, JOB_STATUSES, errors);
}

/** Plain comma list of values matching a pattern (task types). */
export function parsePatternList(
  field: string,
  raw: string | undefined,
  pattern: RegExp,
  errors: FieldErrors,
): string[] | undefined {
  if (raw === undefined) return undefined;
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0 || items.length > 50 || items.some((i) => !pattern.test(i))) {
    errors[field] = [`Must be a comma list of up to 50 values matching ${pattern.source}`];
    return undefined;
  }
  return [...new Set(items)];
}

export type Ordering = { column: string; desc: boolean };

/** Parses `ordering=` against the fields a list may be ordered by (field → SQL column). */
export function parseOrdering(
  raw: string | undefined,
  allowed: Record<string, string>,
  fallback: string,
  errors: FieldErrors,
): Ordering {
  const value = raw ?? fallback;
  const desc = value.startsWith('-');
  const column = allowed[desc ? value.slice(1) : value];
  if (!column) {
    errors.ordering = [`Cannot order by ${value}; allowed: ${Object.keys(allowed).join(', ')}`];
    return { column: allowed[fallback.replace(/^-/, '')], desc: fallback.startsWith('-') };
  }
  return { column, desc };
}

export const JOB_ORDERING: Record<string, string> = {
  id: 'j.id',
  created_at: 'j.created_at',
  updated_at: 'j.updated_at',
  started_at: 'j.started_at',
  completed_at: 'j.completed_at',
  status: 'j.status',
  task_type: 'j.task_type',
  resume_count: 'j.resume_count',
  checkpoint_count: 'j.checkpoint_count',
  last_checkpoint_at: 'j.last_checkpoint_at',
  percentage: 'j.percentage',
};

export const CHECKPOINT_ORDERING: Record<string, string> = {
  id: 'c.id',
  created_at: 'c.created_at',
  sequence: 'c.sequence',
  size_bytes: 'c.size_bytes',
};

/** Escapes LIKE metacharacters so `search=50%_off` matches those characters literally. */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
