// How task events are routed on NATS: the subject names the event, the task's origin and its brand.
import { CoreEvent } from './core.contract';

/**
 * Where a task came from, as a subject token: a plain API task, a periodic task's firing, a persistent
 * job's attempt. Fields are only ever added: a new origin is a new token.
 */
export const TASK_ORIGINS = ['plain', 'periodic', 'job'] as const;
export type TaskOriginToken = (typeof TASK_ORIGINS)[number];

/**
 * The subject (under `<NATS_NAMESPACE>.evt.`) of a task event: `core.task.<event>.<origin>.<brand>`,
 * e.g. `core.task.completed.plain.9`. Identifiers come last so that one wildcard filter per consumer
 * takes only what it uses, even on nats-server 2.9 (one filter subject per consumer): a persistent-job
 * consumer `core.task.*.job.*`, a service of brand 9 `core.task.*.*.9`, completions only
 * `core.task.completed.>`.
 */
export function taskEventSubject(event: CoreEvent, origin: TaskOriginToken, brandId: number): string {
  return `${event}.${origin}.${brandId}`;
}

/** A filter over task event subjects; what is not given matches anything. */
export function taskEventFilter(select: { event?: CoreEvent; origin?: TaskOriginToken; brandId?: number }): string {
  return `${select.event ?? 'core.task.*'}.${select.origin ?? '*'}.${select.brandId ?? '*'}`;
}

const TASK_EVENT_PREFIX = 'core.task.';

/** Whether an event name is a task event's (its subject then carries route tokens). */
export function isTaskEventName(name: string): boolean {
  return name.startsWith(TASK_EVENT_PREFIX);
}

/** The event name of a subject (after `<ns>.evt.`): a task event's subject without its route tokens. */
export function eventNameOf(subject: string): string {
  if (!isTaskEventName(subject)) return subject;
  const end = subject.indexOf('.', TASK_EVENT_PREFIX.length);
  return end < 0 ? subject : subject.slice(0, end);
}
