import {
  ACTIVE_STATUSES,
  FieldErrors,
  TASK_PRIORITIES,
  TASK_STATUSES,
  TaskPriority,
  TaskStatus,
} from '@app/contracts';
import { randomBytes } from 'node:crypto';

/** Public id: `task_` + 16 lowercase base32 characters (80 random bits). */
export function newTaskId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const bytes = randomBytes(16);
  let out = 'task_';
  for (const byte of bytes) out += alphabet[byte & 31];
  return out;
}

/** Splits a comma list and checks each item against the allowed values; unknown values are field errors. */
export function parseEnumList<T extends string>(
  field: string,
  raw: string | undefined,
  allowed: readonly T[],
  errors: FieldErrors,
): T[] | undefined {
  if (raw === undefined) return undefined;
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = items.filter((i) => !allowed.includes(i as T));
  if (bad.length > 0 || items.length === 0) {
    errors[field] = [`Unknown value(s): ${bad.join(', ') || '(empty)'}; expected one of ${allowed.join(', ')}`];
    return undefined;
  }
  return [...new Set(items as T[])];
}

/** `status=active` stands for pending, running and retrying (seed example); may be mixed with plain statuses. */
export function parseStatusFilter(raw: string | undefined, errors: FieldErrors): TaskStatus[] | undefined {
  if (raw === undefined) return undefined;
  const expanded = raw
    .split(',')
    .map((s) => s.trim())
    .flatMap((s) => (s === 'active' ? [...ACTIVE_STATUSES] : [s]))
    .join(',');
  return parseEnumList('status', expanded, TASK_STATUSES, errors);
}

export function parsePriorityFilter(raw: string | undefined, errors: FieldErrors): number[] | undefined {
  const names = parseEnumList<TaskPriority>('priority', raw, TASK_PRIORITIES, errors);
  return names?.map((n) => TASK_PRIORITIES.indexOf(n));
}

/** Plain comma list of free-form values (task types, queues) checked against a pattern. */
export function parsePatternList(
  field: string,
  raw: string | undefined,
  pattern: RegExp,
  errors: FieldErrors,
): string[] | undefined {
  if (raw === undefined) return undefined;
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0 || items.length > 50 || items.some((i) => !pattern.test(i))) {
    errors[field] = [`Must be a comma list of up to 50 values matching ${pattern.source}`];
    return undefined;
  }
  return [...new Set(items)];
}

/** Fields a client may order by, mapped to SQL columns. */
export const TASK_ORDERING: Record<string, string> = {
  id: 't.id',
  created_at: 't.created_at',
  updated_at: 't.updated_at',
  started_at: 't.started_at',
  completed_at: 't.completed_at',
  scheduled_for: 't.scheduled_for',
  priority: 't.priority',
  status: 't.status',
  task_type: 't.task_type',
  attempts: 't.attempts',
  progress_percentage: 't.progress_percentage',
  execution_time: 't.execution_time_ms',
  execution_time_ms: 't.execution_time_ms',
};

export function parseOrdering(raw: string | undefined, errors: FieldErrors): { column: string; desc: boolean } {
  const value = raw ?? '-created_at';
  const desc = value.startsWith('-');
  const column = TASK_ORDERING[desc ? value.slice(1) : value];
  if (!column) {
    errors.ordering = [`Cannot order by ${value}; allowed: ${Object.keys(TASK_ORDERING).join(', ')}`];
    return { column: 't.created_at', desc: true };
  }
  return { column, desc };
}

/** Escapes LIKE metacharacters so `search=50%_off` matches those characters literally. */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export const RETRYABLE_BY_HAND: readonly TaskStatus[] = ['failed', 'cancelled'];
