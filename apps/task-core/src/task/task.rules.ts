import {
  ACTIVE_STATUSES,
  FieldErrors,
  TASK_PRIORITIES,
  TASK_STATUSES,
  TaskPriority,
  TaskStatus,
} from '@app/contracts';
import { nullable, OrderingColumn, parseEnumList } from '@app/platform';
import { randomBytes } from 'node:crypto';

/** Public id: `task_` + 16 lowercase base32 characters (80 random bits). */
export function newTaskId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const bytes = randomBytes(16);
  let out = 'task_';
  for (const byte of bytes) out += alphabet[byte & 31];
  return out;
}

/** `status=active` stands for pending, running and retrying (seed example); may be mixed with plain statuses. */
export function parseStatusFilter(raw: string | undefined, errors: FieldErrors, field = 'status'): TaskStatus[] | undefined {
  if (raw === undefined) return undefined;
  const expanded = raw
    .split(',')
    .map((s) => s.trim())
    .flatMap((s) => (s === 'active' ? [...ACTIVE_STATUSES] : [s]))
    .join(',');
  return parseEnumList(field, expanded, TASK_STATUSES, errors);
}

export function parsePriorityFilter(raw: string | undefined, errors: FieldErrors, field = 'priority'): number[] | undefined {
  const names = parseEnumList<TaskPriority>(field, raw, TASK_PRIORITIES, errors);
  return names?.map((n) => TASK_PRIORITIES.indexOf(n));
}

/** Fields a client may order by, mapped to SQL columns (nullable ones sort their nulls last). */
export const TASK_ORDERING: Record<string, OrderingColumn> = {
  id: 't.id',
  created_at: 't.created_at',
  updated_at: 't.updated_at',
  started_at: nullable('t.started_at'),
  completed_at: nullable('t.completed_at'),
  scheduled_for: nullable('t.scheduled_for'),
  priority: 't.priority',
  status: 't.status',
  task_type: 't.task_type',
  attempts: 't.attempts',
  progress_percentage: 't.progress_percentage',
  execution_time: nullable('t.execution_time_ms'),
  execution_time_ms: nullable('t.execution_time_ms'),
};

export const RETRYABLE_BY_HAND: readonly TaskStatus[] = ['failed', 'cancelled'];
