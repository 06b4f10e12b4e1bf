import type { CalendarMode, ValidateCronBody, ValidateCronResponse } from '@app/contracts';
import { useApi } from '../api';
import { ErrorNotice } from '../components';
import { dateTime, isTimeZone } from '../format';
import { useDebounced, useResource } from '../hooks';

/**
 * Asks the scheduler (`POST periodic-tasks/validate-cron/`) what an expression means while it is typed:
 * its description and next runs, shown in the chosen time zone, calendar applied.
 */
export function CronPreview({
  expression,
  timezone,
  calendar,
  calendarMode,
  count = 5,
}: {
  expression: string;
  timezone: string;
  calendar?: number | null;
  calendarMode?: CalendarMode;
  count?: number;
}) {
  const api = useApi();
  const input = useDebounced(
    JSON.stringify({
      expression: expression.trim(),
      timezone: timezone.trim() || 'UTC',
      calendar,
      calendarMode,
    }),
    250,
  );
  const check = useResource(
    (signal) => {
      const {
        expression: cron_expression,
        timezone: zone,
        calendar: cal,
        calendarMode: mode,
      } = JSON.parse(input) as {
        expression: string;
        timezone: string;
        calendar?: number | null;
        calendarMode?: CalendarMode;
      };
      if (!cron_expression) return Promise.resolve(null);
      const body: ValidateCronBody = {
        cron_expression,
        timezone: zone,
        count,
        ...(cal ? { calendar: cal, calendar_mode: mode } : {}),
      };
      return api
        .post<ValidateCronResponse>('/tasks/scheduled/periodic-tasks/validate-cron/', body)
        .then((r) => (signal.aborted ? null : r));
    },
    [input],
  );
  const result = check.data;
  const zone = isTimeZone(timezone.trim()) ? timezone.trim() : 'UTC';
  if (check.error) return <ErrorNotice error={check.error} what="The cron validator" />;
  if (!expression.trim())
    return (
      <div class="cron-preview muted">
        Type an expression: five fields (minute hour day month weekday), six with seconds, or a macro like
        @daily.
      </div>
    );
  if (!result) return <div class="cron-preview muted">Checking…</div>;
  return (
    <div
      class={`cron-preview ${result.valid ? 'valid' : 'invalid'}`}
      data-testid="cron-preview"
      aria-live="polite"
    >
      {result.valid ? (
        <>
          <div>
            <span class="ok-mark">✓</span>{' '}
            <strong data-testid="cron-description">{result.description}</strong>{' '}
            <span class="muted">({result.timezone})</span>
          </div>
          {result.next_runs.length === 0 ? (
            <div class="muted">No run in the foreseeable future (the calendar leaves no day).</div>
          ) : (
            <ol class="next-runs" data-testid="cron-next-runs">
              {result.next_runs.map((run) => (
                <li key={run} title={`${run} (UTC)`}>
                  {dateTime(run, zone)}
                </li>
              ))}
            </ol>
          )}
        </>
      ) : (
        <div role="alert">
          <span class="bad-mark">✗</span> <span data-testid="cron-error">{result.error}</span>
        </div>
      )}
    </div>
  );
}
