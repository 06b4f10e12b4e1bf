import { eventNameOf } from '@app/contracts';
import { connect } from 'nats';

/** One task event as stored on the `<ns>_events` stream. */
export type StoredTaskEvent = { seq: number; subject: string; event_id: string; task_id: number; status: string; attempt: number };

/**
 * Reads every task event of a namespace's stream with a consumer of the test's own (ordered, from
 * the first message), the way a service that was down catches up.
 */
export async function readTaskEvents(natsUrl: string, namespace: string, timeoutMs = 60_000): Promise<StoredTaskEvent[]> {
  const nc = await connect({ servers: natsUrl, maxReconnectAttempts: 10 });
  try {
    const js = nc.jetstream();
    const prefix = `${namespace}.evt.`;
    const consumer = await js.consumers.get(`${namespace}_events`, { filterSubjects: `${prefix}core.task.>` });
    const events: StoredTaskEvent[] = [];
    if ((await consumer.info()).num_pending === 0) return events;
    const messages = await consumer.consume({ max_messages: 1000 });
    const timer = setTimeout(() => messages.stop(), timeoutMs);
    try {
      for await (const m of messages) {
        const body = m.json<{ event_id: string; attempt: number; task: { id: number; status: string } }>();
        events.push({
          seq: m.seq,
          subject: eventNameOf(m.subject.slice(prefix.length)),
          event_id: body.event_id,
          task_id: body.task.id,
          status: body.task.status,
          attempt: body.attempt,
        });
        if (m.info.pending === 0) break;
      }
    } finally {
      clearTimeout(timer);
    }
    return events;
  } finally {
    await nc.close();
  }
}

/** Per task and subject, the distinct event ids and how many messages carried them. */
export function groupEvents(events: StoredTaskEvent[]): Map<number, Map<string, { eventIds: Set<string>; messages: number }>> {
  const byTask = new Map<number, Map<string, { eventIds: Set<string>; messages: number }>>();
  for (const e of events) {
    const subjects = byTask.get(e.task_id) ?? new Map<string, { eventIds: Set<string>; messages: number }>();
    byTask.set(e.task_id, subjects);
    const entry = subjects.get(e.subject) ?? { eventIds: new Set<string>(), messages: 0 };
    subjects.set(e.subject, entry);
    entry.eventIds.add(e.event_id);
    entry.messages++;
  }
  return byTask;
}
