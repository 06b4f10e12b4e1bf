import type { CalendarDto, CalendarPreviewResponse, CreateCalendarBody } from '@app/contracts';
import type { TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import type { Paginated } from '../api';
import { useApi } from '../api';
import { bind, ConfirmButton, Empty, ErrorNotice, Field, Loading, Modal, useNotify } from '../components';
import { CALENDARS } from '../constants';
import { TIME_ZONES } from '../format';
import { useAction, useResource } from '../hooks';
import { useCan } from '../session';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Calendars: days a periodic task skips, or the only days it runs on. */
export function CalendarList() {
  const api = useApi();
  const notify = useNotify();
  const isAdmin = useCan('admin');
  const [editing, setEditing] = useState<CalendarDto | 'new' | null>(null);
  const [previewing, setPreviewing] = useState<CalendarDto | null>(null);
  const list = useResource(
    (signal) => api.get<Paginated<CalendarDto>>(CALENDARS, { page_size: 200 }, signal),
    [],
  );
  const remove = useAction(async (calendar: CalendarDto) => {
    await api.del(`${CALENDARS}${calendar.id}/`);
    notify(`Calendar "${calendar.name}" deleted`);
    list.reload();
  });

  return (
    <>
      {isAdmin && !list.error && (
        <div class="filters">
          <button type="button" class="primary" onClick={() => setEditing('new')}>
            New calendar
          </button>
        </div>
      )}
      {remove.error && <ErrorNotice error={remove.error} />}
      {list.error && !list.data && <ErrorNotice error={list.error} what="Calendars" onRetry={list.reload} />}
      {list.loading && <Loading what="Loading calendars" />}
      {list.data && list.data.results.length === 0 && (
        <Empty title="No calendar">
          Holidays, maintenance windows, business days: periodic tasks skip them or run on them only.
        </Empty>
      )}
      {list.data && list.data.results.length > 0 && (
        <ul class="cards" data-testid="calendar-list">
          {list.data.results.map((c) => (
            <li key={c.id} class="card">
              <div class="row">
                <strong>{c.name}</strong> <span class="muted">{c.timezone}</span>
              </div>
              {c.description && <p class="muted">{c.description}</p>}
              <p class="small">
                {c.weekdays.length > 0 && `${c.weekdays.map((d) => WEEKDAYS[d]).join(', ')} · `}
                {c.dates.length} dates · {c.ranges.length} ranges
              </p>
              <div class="row">
                <button type="button" onClick={() => setPreviewing(c)}>
                  Preview
                </button>
                {isAdmin && (
                  <>
                    <button type="button" onClick={() => setEditing(c)}>
                      Edit
                    </button>
                    <ConfirmButton
                      label="Delete"
                      confirm="Delete this calendar?"
                      onConfirm={() => remove.run(c)}
                    />
                  </>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {editing && (
        <CalendarForm
          calendar={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => (setEditing(null), list.reload())}
        />
      )}
      {previewing && <CalendarPreview calendar={previewing} onClose={() => setPreviewing(null)} />}
    </>
  );
}

function CalendarPreview({ calendar, onClose }: { calendar: CalendarDto; onClose: () => void }) {
  const api = useApi();
  const preview = useResource(
    (signal) => api.get<CalendarPreviewResponse>(`${CALENDARS}${calendar.id}/preview/`, undefined, signal),
    [calendar.id],
  );
  return (
    <Modal title={`"${calendar.name}" in the next 30 days`} onClose={onClose}>
      {preview.error && <ErrorNotice error={preview.error} />}
      {preview.loading && <Loading />}
      {preview.data &&
        (preview.data.days.length === 0 ? (
          <p class="muted">
            No day of this calendar between {preview.data.from} and {preview.data.to}.
          </p>
        ) : (
          <ul class="day-list">
            {preview.data.days.map((day) => (
              <li key={day}>
                {new Date(`${day}T12:00:00Z`).toLocaleDateString(undefined, {
                  weekday: 'short',
                  day: 'numeric',
                  month: 'short',
                  year: 'numeric',
                  timeZone: 'UTC',
                })}
              </li>
            ))}
          </ul>
        ))}
    </Modal>
  );
}

function CalendarForm({
  calendar,
  onClose,
  onSaved,
}: {
  calendar: CalendarDto | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const api = useApi();
  const notify = useNotify();
  const [name, setName] = useState(calendar?.name ?? '');
  const [description, setDescription] = useState(calendar?.description ?? '');
  const [timezone, setTimezone] = useState(calendar?.timezone ?? 'UTC');
  const [weekdays, setWeekdays] = useState<number[]>(calendar?.weekdays ?? []);
  const [dates, setDates] = useState((calendar?.dates ?? []).join('\n'));
  const [ranges, setRanges] = useState(
    (calendar?.ranges ?? []).map((r) => `${r.start}..${r.end}`).join('\n'),
  );
  const save = useAction((body: CreateCalendarBody) =>
    calendar
      ? api.patch<CalendarDto>(`${CALENDARS}${calendar.id}/`, body)
      : api.post<CalendarDto>(CALENDARS, body),
  );
  const lines = (text: string) =>
    text
      .split(/[\n,]+/)
      .map((s) => s.trim())
      .filter(Boolean);

  const submit = async (event: TargetedEvent<HTMLFormElement, Event>) => {
    event.preventDefault();
    const saved = await save.run({
      name: name.trim(),
      description: description.trim(),
      timezone: timezone.trim() || 'UTC',
      weekdays: [...weekdays].sort(),
      dates: lines(dates),
      ranges: lines(ranges).map((line) => {
        const [start, end] = line.split(/\s*(?:\.\.|→|to)\s*/);
        return { start: start ?? '', end: end ?? start ?? '' };
      }),
    });
    if (saved) {
      notify(`Calendar "${saved.name}" saved`);
      onSaved();
    }
  };

  return (
    <Modal title={calendar ? `Edit "${calendar.name}"` : 'New calendar'} onClose={onClose}>
      <form class="form-grid" onSubmit={submit} aria-label="Calendar">
        <Field label="Name" name="name" error={save.error}>
          <input name="name" required value={name} onInput={bind(setName)} />
        </Field>
        <Field label="Time zone" name="timezone" error={save.error}>
          <input name="timezone" list="calendar-zones" value={timezone} onInput={bind(setTimezone)} />
          <datalist id="calendar-zones">
            {TIME_ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </Field>
        <Field label="Description" name="description" error={save.error} wide>
          <input name="description" value={description} onInput={bind(setDescription)} />
        </Field>
        <fieldset class="wide weekdays">
          <legend>Weekdays</legend>
          {WEEKDAYS.map((day, index) => (
            <label key={day} class="check-field">
              <input
                type="checkbox"
                checked={weekdays.includes(index)}
                onChange={(e) =>
                  setWeekdays(
                    e.currentTarget.checked ? [...weekdays, index] : weekdays.filter((d) => d !== index),
                  )
                }
              />{' '}
              {day}
            </label>
          ))}
        </fieldset>
        <Field label="Dates (YYYY-MM-DD, one a line)" name="dates" error={save.error}>
          <textarea
            name="dates"
            rows={4}
            class="mono"
            value={dates}
            onInput={bind(setDates)}
            placeholder="2026-12-25"
          />
        </Field>
        <Field label="Ranges (start..end, one a line)" name="ranges" error={save.error}>
          <textarea
            name="ranges"
            rows={4}
            class="mono"
            value={ranges}
            onInput={bind(setRanges)}
            placeholder="2026-08-01..2026-08-15"
          />
        </Field>
        {save.error && <ErrorNotice error={save.error} />}
        <footer class="form-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={save.busy}>
            {save.busy ? 'Saving…' : 'Save calendar'}
          </button>
        </footer>
      </form>
    </Modal>
  );
}
