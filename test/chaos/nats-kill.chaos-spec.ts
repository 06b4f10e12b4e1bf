import { AppProcess, eventually } from '@app/testing';
import {
  CHAOS_ENV,
  ChaosStack,
  DRAIN_TIMEOUT_MS,
  chaosProfile,
  groupEvents,
  holdFor,
  LoadGenerator,
  query,
  readTaskEvents,
  reportFigure,
  seconds,
  shortTask,
  tally,
  waitDrained,
} from './harness';

const profile = chaosProfile();
const P = profile.natsKill;
const REQUEST_TIMEOUT_MS = Number(CHAOS_ENV.NATS_REQUEST_TIMEOUT_MS);

type Outage = { killedAt: number; restartedAt: number; gatewayBackMs: number; workersBackMs: number; duringOutage: Record<string, number> };

describe('chaos: nats-server SIGKILLed and restarted under load', () => {
  let chaos: ChaosStack;

  beforeAll(async () => {
    chaos = await ChaosStack.start();
  }, 180_000);

  afterAll(async () => {
    await chaos?.destroy();
  }, 120_000);

  it(
    'should lose nothing, answer 503 meanwhile and have every process reconnect by itself',
    async () => {
      const api = chaos.api();
      const queue = chaos.newQueue();
      const workers: AppProcess[] = await Promise.all([0, 1].map((i) => chaos.startWorker(queue, `chaos-nats-w${i}`)));
      const processes = [...chaos.stack.processes];
      const load = new LoadGenerator({ api, ratePerSecond: P.ratePerSecond, task: shortTask(queue), bulkEvery: 10, bulkSize: 10 }).start();
      const loadStarted = Date.now();
      const outages: Outage[] = [];

      for (let k = 0; k < P.kills; k++) {
        await holdFor(P.warmupSeconds * 1000);
        const killedAt = Date.now();
        await chaos.nats.kill();
        await holdFor(P.outageSeconds * 1000);
        await chaos.nats.start();
        const restartedAt = Date.now();
        // The gateway answers again once it and every service reconnected (readiness asks each over NATS).
        const gatewayBackMs = await chaos.waitGatewayReady(60_000);
        // Workers resume: a task created now is claimed and completed.
        const probe = await eventually(
          async () => {
            const res = await api.post('/tasks/', { task_type: 'noop', queue });
            return res.status === 201 ? (res.body as { id: number }) : undefined;
          },
          { timeoutMs: 30_000, what: 'a task to be accepted after the restart' },
        );
        await eventually(
          async () => ((await api.get(`/tasks/${probe.id}/`)).body.status === 'completed' ? true : undefined),
          { timeoutMs: 60_000, intervalMs: 100, what: 'a worker to run a task after the restart' },
        );
        const workersBackMs = Date.now() - restartedAt;
        outages.push({ killedAt, restartedAt, gatewayBackMs, workersBackMs, duringOutage: {} });
      }
      await holdFor(Math.max(0, loadStarted + P.minLoadSeconds * 1000 - Date.now()));
      const ledger = await load.stop();
      // Requests sent while the broker was down, by answer: those sent in the last request-timeout before
      // the restart may still reach their service once it is back, and succeed.
      for (const o of outages) o.duringOutage = ledger.countByStatus(o.killedAt + 200, o.restartedAt - REQUEST_TIMEOUT_MS - 500);

      const states = await waitDrained(chaos.databaseUrl, ledger.accepted, DRAIN_TIMEOUT_MS);
      const t = tally(ledger.accepted, states);
      const [{ count: inQueue }] = await query<{ count: number }>(
        chaos.databaseUrl,
        'SELECT count(*)::int AS count FROM task_core.task WHERE queue = $1',
        [queue],
      );
      // Every completed task's events reached the stream (JetStream survived its own crash, the outbox relayed).
      const byTask = groupEvents(await readTaskEvents(chaos.nats.url, chaos.namespace));
      const missingEvents = [...ledger.accepted].filter((id) => byTask.get(id)?.get('core.task.completed')?.eventIds.size !== 1);
      const serviceHealth = await Promise.all(
        processes.map(async (p) => [p.label, await fetch(`http://127.0.0.1:${p.port}/health`).then((r) => r.status, () => 0)] as const),
      );
      reportFigure(
        {
          scenario: 'nats-sigkill',
          accepted: t.accepted,
          completed: t.completed,
          lost: t.lost,
          duplicated_executions: t.duplicated_executions,
          recovery_seconds: seconds(Math.max(...outages.map((o) => o.workersBackMs))),
          details: {
            kills: outages.length,
            outage_seconds: P.outageSeconds,
            gateway_ready_after_restart_seconds: outages.map((o) => seconds(o.gatewayBackMs)),
            task_run_after_restart_seconds: outages.map((o) => seconds(o.workersBackMs)),
            answers_during_outage: outages.map((o) => o.duringOutage),
            // 503 answers whose task was created anyway (the request reached task-core after the timeout).
            created_without_acknowledgement: inQueue - outages.length - t.accepted,
            completed_events_missing: missingEvents.length,
            tasks_rerun: t.tasks_rerun,
            responses: ledger.countByStatus(),
          },
        },
        profile.name,
      );

      expect(ledger.unexpected()).toEqual([]);
      for (const o of outages) expect(Object.keys(o.duringOutage)).toEqual(['503']);
      expect({ missing: t.missing, stuck: t.stuck, failed: t.failed }).toEqual({ missing: [], stuck: [], failed: [] });
      expect(t.lost).toBe(0);
      expect(missingEvents.slice(0, 20)).toEqual([]);
      // Nobody was restarted: the same processes are up and healthy.
      expect(chaos.crashed()).toEqual([]);
      expect(serviceHealth.filter(([, status]) => status !== 200)).toEqual([]);
      expect(workers.every((w) => w.running)).toBe(true);
    },
    (P.kills * (P.warmupSeconds + P.outageSeconds + 60) + P.minLoadSeconds + 420) * 1000,
  );
});
