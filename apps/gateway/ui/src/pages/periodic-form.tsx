import type {
  CalendarDto,
  CalendarMode,
  CreatePeriodicTaskBody,
  MisfirePolicy,
  OverlapPolicy,
  PeriodicTaskDto,
  TaskPriority,
} from '@app/contracts';
import type { TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import type { Paginated } from '../api';
import { ApiError, useApi } from '../api';
import { bind, ErrorNotice, Field, Modal, useNotify } from '../components';
import { CALENDARS, KNOWN_TASK_TYPES, parseJsonObject, PERIODIC, PRIORITIES } from '../constants';
import { dateTime, fromLocalInput, TIME_ZONES, toLocalInput } from '../format';
import { useAction, useResource } from '../hooks';
import { CronPreview } from './cron-validator';

const PRESETS: Array<[string, string]> = [
  ['*/5 * * * *', 'Every 5 minutes'],
  ['0 * * * *', 'Hourly'],
  ['0 9 * * *', 'Daily at 09:00'],
  ['0 9 * * 1-5', 'Weekdays at 09:00'],
  ['0 6 1 * *', 'Monthly'],
];

/** Create or edit a periodic task, with the scheduler's own reading of the expression as it is typed. */
export function PeriodicForm({
  task,
  onClose,
  onSaved,
}: {
  task: PeriodicTaskDto | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const api = useApi();
  const notify = useNotify();
  const [name, setName] = useState(task?.name ?? '');
  const [taskType, setTaskType] = useState(task?.task_type ?? '');
  const [cron, setCron] = useState(task?.cron_expression ?? '0 9 * * 1-5');
  const [timezone, setTimezone] = useState(
    task?.timezone ?? (Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'),
  );
  const [context, setContext] = useState(task ? JSON.stringify(task.context_data) : '');
  const [priority, setPriority] = useState<TaskPriority>(task?.priority ?? 'normal');
  const [queue, setQueue] = useState(task?.queue ?? 'default');
  const [enabled, setEnabled] = useState(task?.enabled ?? true);
  const [startAt, setStartAt] = useState(toLocalInput(task?.start_at));
  const [endAt, setEndAt] = useState(toLocalInput(task?.end_at));
  const [maxRuns, setMaxRuns] = useState(task?.max_runs ? String(task.max_runs) : '');
  const [calendar, setCalendar] = useState(task?.calendar ? String(task.calendar) : '');
  const [calendarMode, setCalendarMode] = useState<CalendarMode>(task?.calendar_mode ?? 'exclude');
  const [misfire, setMisfire] = useState<MisfirePolicy>(task?.misfire_policy ?? 'run_once');
  const [overlap, setOverlap] = useState<OverlapPolicy>(task?.overlap_policy ?? 'allow');
  const calendars = useResource(
    (signal) => api.get<Paginated<CalendarDto>>(CALENDARS, { page_size: 200 }, signal),
    [],
  );
  const save = useAction((body: CreatePeriodicTaskBody) =>
    task
      ? api.patch<PeriodicTaskDto>(`${PERIODIC}${task.id}/`, body)
      : api.post<PeriodicTaskDto>(PERIODIC, body),
  );
  const parsed = parseJsonObject(context);
  const error =
    save.error ??
    (!parsed.ok ? new ApiError(400, 'LOCAL', parsed.error, { context_data: [parsed.error] }) : undefined);

  const submit = async (event: TargetedEvent<HTMLFormElement, Event>) => {
    event.preventDefault();
    if (!parsed.ok) return;
    const nullable = <T,>(value: T | undefined): T | null | undefined =>
      value === undefined ? (task ? null : undefined) : value;
    const saved = await save.run({
      name: name.trim(),
      task_type: taskType.trim(),
      cron_expression: cron.trim(),
      timezone: timezone.trim() || 'UTC',
      context_data: parsed.value ?? {},
      priority,
      queue: queue.trim() || 'default',
      enabled,
      start_at: nullable(fromLocalInput(startAt)),
      end_at: nullable(fromLocalInput(endAt)),
      max_runs: nullable(maxRuns ? Number(maxRuns) : undefined),
      calendar: nullable(calendar ? Number(calendar) : undefined),
      calendar_mode: calendarMode,
      misfire_policy: misfire,
      overlap_policy: overlap,
    });
    if (saved) {
      notify(`Periodic task "${saved.name}" saved: next run ${dateTime(saved.next_run_at, saved.timezone)}`);
      onSaved();
    }
  };

  return (
    <Modal title={task ? `Edit "${task.name}"` : 'New periodic task'} onClose={onClose} wide>
      <form class="form-grid" onSubmit={submit} aria-label="Periodic task">
        <Field label="Name" name="name" error={error}>
          <input name="name" required maxLength={200} value={name} onInput={bind(setName)} />
        </Field>
        <Field label="Task type" name="task_type" error={error}>
          <input
            name="task_type"
            required
            list="periodic-task-types"
            value={taskType}
            onInput={bind(setTaskType)}
          />
          <datalist id="periodic-task-types">
            {KNOWN_TASK_TYPES.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </Field>
        <Field
          label="Cron expression"
          name="cron_expression"
          error={error}
          hint="minute hour day-of-month month day-of-week (seconds first if six fields), or @hourly, @daily…"
        >
          <input
            name="cron_expression"
            required
            class="mono"
            spellcheck={false}
            value={cron}
            onInput={bind(setCron)}
          />
        </Field>
        <Field label="Time zone" name="timezone" error={error} hint="IANA name, e.g. Europe/Paris">
          <input name="timezone" list="time-zones" value={timezone} onInput={bind(setTimezone)} />
          <datalist id="time-zones">
            {TIME_ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </Field>
        <div class="presets wide">
          {PRESETS.map(([expression, label]) => (
            <button key={expression} type="button" class="chip" onClick={() => setCron(expression)}>
              {label}
            </button>
          ))}
        </div>
        <div class="wide">
          <CronPreview
            expression={cron}
            timezone={timezone}
            calendar={calendar ? Number(calendar) : null}
            calendarMode={calendarMode}
          />
        </div>
        <Field label="Priority" name="priority" error={error}>
          <select
            name="priority"
            value={priority}
            onChange={(e) => setPriority(e.currentTarget.value as TaskPriority)}
          >
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Queue" name="queue" error={error}>
          <input name="queue" value={queue} onInput={bind(setQueue)} />
        </Field>
        <Field label="Context data (JSON object)" name="context_data" error={error} wide>
          <textarea
            name="context_data"
            rows={3}
            class="mono"
            spellcheck={false}
            value={context}
            onInput={bind(setContext)}
            placeholder="{}"
          />
        </Field>
        <Field label="Calendar" name="calendar" error={error}>
          <select name="calendar" value={calendar} onChange={(e) => setCalendar(e.currentTarget.value)}>
            <option value="">None</option>
            {calendars.data?.results.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Calendar mode" name="calendar_mode" error={error}>
          <select
            name="calendar_mode"
            value={calendarMode}
            disabled={!calendar}
            onChange={(e) => setCalendarMode(e.currentTarget.value as CalendarMode)}
          >
            <option value="exclude">skip the calendar's days</option>
            <option value="only">run on the calendar's days only</option>
          </select>
        </Field>
        <Field label="Start at" name="start_at" error={error} hint="Your local time">
          <input name="start_at" type="datetime-local" value={startAt} onInput={bind(setStartAt)} />
        </Field>
        <Field label="End at" name="end_at" error={error}>
          <input name="end_at" type="datetime-local" value={endAt} onInput={bind(setEndAt)} />
        </Field>
        <Field label="Max runs" name="max_runs" error={error}>
          <input name="max_runs" type="number" min={1} value={maxRuns} onInput={bind(setMaxRuns)} />
        </Field>
        <Field label="After downtime (misfire)" name="misfire_policy" error={error}>
          <select
            name="misfire_policy"
            value={misfire}
            onChange={(e) => setMisfire(e.currentTarget.value as MisfirePolicy)}
          >
            <option value="skip">skip missed runs</option>
            <option value="run_once">run once for all missed</option>
            <option value="run_all">run every missed run (capped)</option>
          </select>
        </Field>
        <Field label="When the last run is still going" name="overlap_policy" error={error}>
          <select
            name="overlap_policy"
            value={overlap}
            onChange={(e) => setOverlap(e.currentTarget.value as OverlapPolicy)}
          >
            <option value="allow">run anyway</option>
            <option value="skip">skip this run</option>
          </select>
        </Field>
        <label class="check-field">
          <input
            type="checkbox"
            name="enabled"
            checked={enabled}
            onChange={(e) => setEnabled(e.currentTarget.checked)}
          />{' '}
          Enabled
        </label>
        {save.error && <ErrorNotice error={save.error} />}
        <footer class="form-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={save.busy}>
            {save.busy ? 'Saving…' : 'Save periodic task'}
          </button>
        </footer>
      </form>
    </Modal>
  );
}
