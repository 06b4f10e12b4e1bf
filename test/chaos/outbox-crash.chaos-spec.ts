import { AppProcess, eventually } from '@app/testing';
import { ChaosStack, chaosProfile, DRAIN_TIMEOUT_MS, groupEvents, query, readTaskEvents, reportFigure, seconds, tally, waitDrained } from './harness';

const profile = chaosProfile();
const P = profile.outboxCrash;

type Round = { pendingAtKill: number; accepted: number; restartMs: number; relayedMs: number };

describe('chaos: task-core killed between a state change and its event', () => {
  let chaos: ChaosStack;

  beforeAll(async () => {
    chaos = await ChaosStack.start();
  }, 180_000);

  afterAll(async () => {
    await chaos?.destroy();
  }, 120_000);

  it(
    'should still publish every event of the committed changes, once in effect',
    async () => {
      const api = chaos.api();
      const queue = chaos.newQueue();
      await chaos.startWorker(queue, 'chaos-outbox-w', { WORKER_CONCURRENCY: '16' });
      let core: AppProcess = chaos.running('task-core')[0];
      const accepted = new Set<number>();
      const rounds: Round[] = [];
      let attempts = 0;

      while (rounds.length < P.rounds) {
        attempts++;
        if (attempts > P.rounds * 5) throw new Error(`no burst left unrelayed rows at the kill after ${attempts - 1} tries`);
        const burst = await api.post('/tasks/bulk/', { tasks: Array.from({ length: P.burst }, () => ({ task_type: 'noop', queue })) });
        // SIGKILL at once: the commit is done (201), the relay is still publishing the burst's events.
        await chaos.kill(core);
        expect(burst.status).toBe(201);
        burst.body.results.forEach((t: { id: number }) => accepted.add(t.id));
        const [{ count }] = await query<{ count: number }>(chaos.databaseUrl, 'SELECT count(*)::int AS count FROM task_core.outbox');
        const restarted = Date.now();
        core = await chaos.startApp('task-core', {}, `task-core-${attempts + 1}`);
        const restartMs = Date.now() - restarted;
        // The restarted relay empties the outbox by itself.
        await eventually(
          async () => {
            const [row] = await query<{ count: number }>(chaos.databaseUrl, 'SELECT count(*)::int AS count FROM task_core.outbox');
            return row.count === 0 ? true : undefined;
          },
          { timeoutMs: 60_000, intervalMs: 100, what: 'the outbox to be relayed after the restart' },
        );
        const relayedMs = Date.now() - restarted;
        // A round counts when the kill really left committed changes whose events were not relayed yet.
        if (count > 0) rounds.push({ pendingAtKill: count, accepted: burst.body.results.length, restartMs, relayedMs });
      }

      const states = await waitDrained(chaos.databaseUrl, accepted, DRAIN_TIMEOUT_MS);
      const t = tally(accepted, states);
      await eventually(
        async () => {
          const [row] = await query<{ count: number }>(chaos.databaseUrl, 'SELECT count(*)::int AS count FROM task_core.outbox');
          return row.count === 0 ? true : undefined;
        },
        { timeoutMs: 30_000, what: 'the outbox to be empty' },
      );
      const events = await readTaskEvents(chaos.nats.url, chaos.namespace);
      const byTask = groupEvents(events);
      const problems: string[] = [];
      let duplicateMessages = 0;
      for (const id of accepted) {
        const subjects = byTask.get(id);
        const created = subjects?.get('core.task.created');
        const completed = subjects?.get('core.task.completed');
        const started = subjects?.get('core.task.started');
        if (created?.eventIds.size !== 1) problems.push(`task ${id}: ${created?.eventIds.size ?? 0} created events`);
        if (completed?.eventIds.size !== 1) problems.push(`task ${id}: ${completed?.eventIds.size ?? 0} completed events`);
        // At most one started event per attempt: an attempt that ends before the running recorder's
        // pass has none (its record goes from pending to its outcome); a re-run is a new attempt.
        const startedAttempts = events.filter((e) => e.task_id === id && e.subject === 'core.task.started').map((e) => e.attempt);
        const attempts = states.get(id)?.attempts ?? 0;
        if ((started?.eventIds.size ?? 0) > attempts || new Set(startedAttempts).size !== (started?.eventIds.size ?? 0)) {
          problems.push(`task ${id}: ${started?.eventIds.size ?? 0} started events for ${attempts} attempts`);
        }
        for (const entry of subjects?.values() ?? []) duplicateMessages += entry.messages - entry.eventIds.size;
      }
      reportFigure(
        {
          scenario: 'outbox-crash',
          accepted: t.accepted,
          completed: t.completed,
          lost: t.lost,
          duplicated_executions: t.duplicated_executions,
          recovery_seconds: seconds(Math.max(...rounds.map((r) => r.relayedMs))),
          details: {
            rounds: rounds.length,
            tries: attempts,
            outbox_rows_unrelayed_at_kill: rounds.map((r) => r.pendingAtKill),
            restart_seconds: rounds.map((r) => seconds(r.restartMs)),
            relayed_after_restart_seconds: rounds.map((r) => seconds(r.relayedMs)),
            events_read: events.length,
            event_problems: problems.length,
            duplicate_messages_same_event_id: duplicateMessages,
          },
        },
        profile.name,
      );

      expect(rounds.every((r) => r.pendingAtKill > 0)).toBe(true);
      expect(problems.slice(0, 20)).toEqual([]);
      expect(t.lost).toBe(0);
      expect(chaos.crashed()).toEqual([]);
    },
    720_000,
  );
});
