import { CoreEvent } from '@app/contracts';

/** The event of a row's new status: running → started, pending → created (re-queued), others by name. */
const EVENT_OF_STATUS = `'core.task.' || CASE changed.status WHEN 'running' THEN 'started' WHEN 'pending' THEN 'created' ELSE changed.status END`;

/**
 * Wraps a data-changing statement (`… RETURNING *`) so that each changed row's event is written to the
 * outbox in the same statement, hence the same transaction: a change and its event never diverge.
 * `subject` names the event, or 'by-status' derives it from each row's new status.
 */
export function withEvent(subject: CoreEvent | 'by-status', changeSql: string, selectSql = 'SELECT * FROM changed'): string {
  const subjectSql = subject === 'by-status' ? EVENT_OF_STATUS : `'${subject}'`;
  return `WITH changed AS (${changeSql}),
    ev AS (INSERT INTO task_core.outbox (event_id, subject, payload)
           SELECT gen_random_uuid(), ${subjectSql}, to_jsonb(changed) FROM changed)
    ${selectSql}`;
}
