import type { ComponentChildren, TargetedEvent } from 'preact';
import { createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { ApiError } from './api';
import { ago, dateTime } from './format';

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <div class="state loading" role="status" aria-busy="true">
      <span class="spinner" aria-hidden="true" /> {what}…
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="state empty" data-testid="empty">
      <strong>{title}</strong>
      {children && <div class="muted">{children}</div>}
    </div>
  );
}

/** A part of the API this gateway does not serve (yet), or a service that does not answer. */
export function Unavailable({ what, error }: { what: string; error: ApiError }) {
  return (
    <div class="state unavailable" data-testid="unavailable" role="status">
      <strong>{what} is not available</strong>
      <div class="muted">
        {error.missingRoute
          ? 'This gateway does not serve this API yet. The page will work once the service is deployed.'
          : `The service does not answer right now (${error.detail}). The page retries by itself.`}
      </div>
    </div>
  );
}

/** An API error as people read it: the detail, the fields at fault, the code, the error id to quote. */
export function ErrorNotice({
  error,
  what,
  onRetry,
  skipFields = [],
}: {
  error: ApiError;
  what?: string;
  onRetry?: () => void;
  skipFields?: string[];
}) {
  if (error.unavailable && what) return <Unavailable what={what} error={error} />;
  const fields = Object.entries(error.fieldErrors).filter(([field]) => !skipFields.includes(field));
  return (
    <div class="notice error" role="alert" data-testid="api-error">
      <div>
        <strong>{error.detail}</strong> <code class="muted">{error.code}</code>
      </div>
      {fields.length > 0 && (
        <ul class="field-errors">
          {fields.map(([field, messages]) => (
            <li key={field}>
              <code>{field}</code>: {messages.join('; ')}
            </li>
          ))}
        </ul>
      )}
      {error.errorId && (
        <div class="muted small">Error id {error.errorId} (quote it to whoever reads the logs)</div>
      )}
      {onRetry && (
        <button type="button" class="link" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

const STATUS_TONE: Record<string, string> = {
  pending: 'neutral',
  scheduled: 'neutral',
  running: 'info',
  pausing: 'info',
  retrying: 'warn',
  stale: 'warn',
  acknowledged: 'warn',
  warning: 'warn',
  interrupted: 'warn',
  paused: 'neutral',
  completed: 'ok',
  fired: 'ok',
  online: 'ok',
  resolved: 'ok',
  ok: 'ok',
  enabled: 'ok',
  failed: 'bad',
  active: 'bad',
  critical: 'bad',
  firing: 'bad',
  offline: 'bad',
  cancelled: 'neutral',
  disabled: 'neutral',
  info: 'info',
};

export function Badge({ value, label }: { value: string; label?: string }) {
  return (
    <span class={`badge tone-${STATUS_TONE[value] ?? 'neutral'}`} data-status={value}>
      {label ?? value.replace(/_/g, ' ')}
    </span>
  );
}

export function ProgressBar({ value, label, status }: { value: number; label?: string; status?: string }) {
  const clamped = Math.max(0, Math.min(100, value));
  return (
    <div
      class={`progress tone-${STATUS_TONE[status ?? ''] ?? 'info'}`}
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(clamped)}
      aria-label={label ?? 'Progress'}
    >
      <span class="track">
        <span class="bar" style={{ width: `${clamped}%` }} />
      </span>
      <span class="value">{Math.round(clamped)}%</span>
    </div>
  );
}

export function Pager({
  count,
  page,
  pageSize,
  onPage,
}: {
  count: number;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(count / pageSize));
  if (count === 0) return null;
  const from = (page - 1) * pageSize + 1;
  const to = Math.min(count, page * pageSize);
  return (
    <nav class="pager" aria-label="Pages">
      <span class="muted">
        {from}–{to} of {count.toLocaleString()}
      </span>
      {pages > 1 && (
        <>
          <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
            ← Previous
          </button>
          <span>
            Page {page} / {pages}
          </span>
          <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
            Next →
          </button>
        </>
      )}
    </nav>
  );
}

export function Tabs<T extends string>({
  tabs,
  value,
  onChange,
}: {
  tabs: Array<{ id: T; label: string }>;
  value: T;
  onChange: (id: T) => void;
}) {
  return (
    <div class="tabs" role="tablist">
      {tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          aria-selected={tab.id === value}
          class={tab.id === value ? 'active' : ''}
          onClick={() => onChange(tab.id)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}

/** A labelled form control with its hint and the API's messages for that field (`name`). */
export function Field({
  label,
  error,
  name,
  hint,
  children,
  wide,
}: {
  label: string;
  error?: ApiError;
  name?: string;
  hint?: ComponentChildren;
  children: ComponentChildren;
  wide?: boolean;
}) {
  return (
    <label class={`field${wide ? ' wide' : ''}`}>
      <span class="label">{label}</span>
      {children}
      {hint && <span class="hint">{hint}</span>}
      {name && <FieldError error={error} field={name} />}
    </label>
  );
}

/** Messages the API gave for one field (`cron_expression`, `tasks.3.priority`). */
export function fieldMessages(error: ApiError | undefined, field: string): string[] {
  if (!error) return [];
  return Object.entries(error.fieldErrors)
    .filter(([name]) => name === field || name.startsWith(`${field}.`))
    .flatMap(([, messages]) => messages);
}

export function FieldError({ error, field }: { error: ApiError | undefined; field: string }) {
  const messages = fieldMessages(error, field);
  if (messages.length === 0) return null;
  return (
    <span class="field-error" role="alert">
      {messages.join('; ')}
    </span>
  );
}

/** A panel over the page (a drawer on wide screens, full screen on a phone); Escape closes it. */
export function Modal({
  title,
  onClose,
  children,
  wide,
}: {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  wide?: boolean;
}) {
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    panel.current?.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div class="overlay" onClick={(event) => event.target === event.currentTarget && onClose()}>
      <div
        class={`modal${wide ? ' wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        ref={panel}
      >
        <header>
          <h2>{title}</h2>
          <button type="button" class="icon" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        {children}
      </div>
    </div>
  );
}

export function When({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span class="muted">—</span>;
  return (
    <time dateTime={iso} title={dateTime(iso)}>
      {ago(iso)}
    </time>
  );
}

export function Json({ value }: { value: unknown }) {
  return <pre class="json">{JSON.stringify(value, null, 2)}</pre>;
}

export function Stat({
  label,
  value,
  hint,
  tone,
}: {
  label: string;
  value: ComponentChildren;
  hint?: ComponentChildren;
  tone?: string;
}) {
  return (
    <div class={`stat${tone ? ` tone-${tone}` : ''}`}>
      <span class="label">{label}</span>
      <span class="value">{value}</span>
      {hint && <span class="hint">{hint}</span>}
    </div>
  );
}

export function PageHeader({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <header class="page-header">
      <h1>{title}</h1>
      <div class="actions">{children}</div>
    </header>
  );
}

/** A destructive button that asks "Sure?" inline instead of a browser dialog. */
export function ConfirmButton({
  label,
  confirm,
  onConfirm,
  disabled,
  class: className,
}: {
  label: string;
  confirm: string;
  onConfirm: () => void;
  disabled?: boolean;
  class?: string;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" class={className} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span class="confirm">
      {confirm}{' '}
      <button type="button" class="danger" onClick={() => (setAsking(false), onConfirm())}>
        Yes
      </button>{' '}
      <button type="button" onClick={() => setAsking(false)}>
        No
      </button>
    </span>
  );
}

type Toast = { id: number; text: string; tone: 'ok' | 'bad' | 'info' };
export type Notify = (text: string, tone?: Toast['tone']) => void;

export const NotifyContext = createContext<Notify>(() => undefined);

export function useNotify(): Notify {
  return useContext(NotifyContext);
}

/** Short-lived messages after an action ("3 tasks retried"), announced to screen readers. */
export function Toasts({ children }: { children: ComponentChildren }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const counter = useRef(0);
  const notify: Notify = (text, tone = 'ok') => {
    const id = ++counter.current;
    setToasts((all) => [...all.slice(-2), { id, text, tone }]);
    window.setTimeout(() => setToasts((all) => all.filter((t) => t.id !== id)), tone === 'bad' ? 8000 : 4000);
  };
  return (
    <NotifyContext value={notify}>
      {children}
      <div class="toasts" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} class={`toast tone-${toast.tone}`} data-testid="toast">
            {toast.text}
          </div>
        ))}
      </div>
    </NotifyContext>
  );
}

export type InputEvent = TargetedEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, Event>;

/** `onInput={bind(setName)}` for text inputs, selects and text areas. */
export function bind(set: (value: string) => void) {
  return (event: InputEvent) => set(event.currentTarget.value);
}
