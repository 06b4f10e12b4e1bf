import { FieldErrors, JOB_STATUSES, JobStatus } from '@app/contracts';
import { nullable, OrderingColumn, parseEnumList } from '@app/platform';

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

export function parseJobStatusFilter(raw: string | undefined, errors: FieldErrors, field = 'status'): JobStatus[] | undefined {
  return parseEnumList(field, raw, JOB_STATUSES, errors);
}

/** Fields a job list may be ordered by, mapped to SQL columns (nullable ones sort their nulls last). */
export const JOB_ORDERING: Record<string, OrderingColumn> = {
  id: 'j.id',
  created_at: 'j.created_at',
  updated_at: 'j.updated_at',
  started_at: nullable('j.started_at'),
  completed_at: nullable('j.completed_at'),
  status: 'j.status',
  task_type: 'j.task_type',
  resume_count: 'j.resume_count',
  checkpoint_count: 'j.checkpoint_count',
  last_checkpoint_at: nullable('j.last_checkpoint_at'),
  percentage: 'j.percentage',
};

export const CHECKPOINT_ORDERING: Record<string, OrderingColumn> = {
  id: 'c.id',
  created_at: 'c.created_at',
  sequence: 'c.sequence',
  size_bytes: 'c.size_bytes',
};
