import { CoreEvent } from '@app/contracts';

/** The event of a row's new status: running → started, pending → created (re-queued), others by name. */
const EVENT_OF_STATUS = `'core.task.' || CASE changed.status WHEN 'running' THEN 'started' WHEN 'pending' THEN 'created' ELSE changed.status END`;

/**
 * The subject of the event `eventSql` about task row `row`: `core.task.<event>.<origin>.<brand>`, the origin
 * being one of TASK_ORIGINS (libs/contracts/src/task-events.ts), so that consumers filter on it.
 */
export function eventSubjectSql(eventSql: string, row: string): string {
  const origin = `CASE WHEN ${row}.persistent_job_id IS NOT NULL THEN 'job' WHEN ${row}.is_periodic THEN 'periodic' ELSE 'plain' END`;
  return `${eventSql} || '.' || ${origin} || '.' || ${row}.brand_id`;
}

/** An event's payload: the task row without its input (TaskEventTask); `overrides` is a jsonb expression merged over it. */
export function eventPayloadSql(row: string, overrides?: string): string {
  return `(to_jsonb(${row}) - 'context_data')${overrides ? ` || ${overrides}` : ''}`;
}

/**
 * A CTE writing the event `eventSql` of each task row `row` that `fromSql` yields (`FROM …`), for a
 * statement with more than one kind of event.
 */
export function eventsCte(name: string, eventSql: string, row: string, fromSql: string): string {
  return `${name} AS (INSERT INTO task_core.outbox (event_id, subject, payload)
    SELECT gen_random_uuid(), ${eventSubjectSql(eventSql, row)}, ${eventPayloadSql(row)} ${fromSql})`;
}

export type WithEventOptions = {
  /** CTEs the change reads (`name AS (…)`): data-changing ones must be at the top level, hence here. */
  before?: string[];
  /** More CTEs that read `changed` (writes to the queue and search tables). */
  also?: string[];
  /** What the whole statement returns, from `changed`. */
  select?: string;
  /** Which changed rows get the event (`FROM …`); default all of them. */
  eventFrom?: string;
};

/**
 * Wraps a data-changing statement on task records (`… RETURNING *`) so that each changed row's event is
 * written to the outbox in the same statement, hence the same transaction: a change and its event never
 * diverge. `subject` names the event, or 'by-status' derives it from each row's new status.
 */
export function withEvent(subject: CoreEvent | 'by-status', changeSql: string, options: WithEventOptions = {}): string {
  const eventSql = subject === 'by-status' ? EVENT_OF_STATUS : `'${subject}'`;
  const ctes = (list: string[] = []) => list.map((cte) => `${cte},`).join('\n    ');
  return `WITH ${ctes(options.before)}
    changed AS (${changeSql}),
    ${ctes(options.also)}
    ${eventsCte('ev', eventSql, 'changed', options.eventFrom ?? 'FROM changed')}
    ${options.select ?? 'SELECT * FROM changed'}`;
}
