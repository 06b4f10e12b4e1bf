import { AppProcess, eventually } from '@app/testing';
import {
  CHAOS_ENV,
  ChaosStack,
  DRAIN_TIMEOUT_MS,
  chaosProfile,
  holdFor,
  LoadGenerator,
  query,
  reportFigure,
  seconds,
  shortTask,
  tally,
  waitDrained,
} from './harness';

const profile = chaosProfile();
const P = profile.postgresStop;
const REQUEST_TIMEOUT_MS = Number(CHAOS_ENV.NATS_REQUEST_TIMEOUT_MS);

type Outage = {
  stoppedAt: number;
  startedAt: number;
  firstAcceptedMs: number;
  gatewayReadyMs: number;
  workersBackMs: number;
  duringOutage: Record<string, number>;
  runningAtStop: number;
};

describe('chaos: Postgres stopped immediately under load', () => {
  let chaos: ChaosStack;

  beforeAll(async () => {
    chaos = await ChaosStack.start();
  }, 180_000);

  afterAll(async () => {
    await chaos?.destroy();
  }, 120_000);

  it(
    'should lose nothing, keep every process alive, answer 503 while down and recover',
    async () => {
      const api = chaos.api();
      const queue = chaos.newQueue();
      const workers: AppProcess[] = await Promise.all([0, 1].map((i) => chaos.startWorker(queue, `chaos-pg-w${i}`)));
      const load = new LoadGenerator({ api, ratePerSecond: P.ratePerSecond, task: shortTask(queue), bulkEvery: 10, bulkSize: 10 }).start();
      const loadStarted = Date.now();
      const outages: Outage[] = [];

      for (let k = 0; k < P.stops; k++) {
        await holdFor(P.warmupSeconds * 1000);
        const [{ count: runningAtStop }] = await query<{ count: number }>(
          chaos.databaseUrl,
          `SELECT count(*)::int AS count FROM task_core.task WHERE status = 'running'`,
        );
        const stoppedAt = Date.now();
        chaos.pg.stopImmediate();
        await holdFor(P.outageSeconds * 1000);
        await chaos.pg.start();
        const startedAt = Date.now();
        const gatewayReadyMs = await chaos.waitGatewayReady(60_000);
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
        outages.push({
          stoppedAt,
          startedAt,
          firstAcceptedMs: 0,
          gatewayReadyMs,
          workersBackMs: Date.now() - startedAt,
          duringOutage: {},
          runningAtStop,
        });
      }
      await holdFor(Math.max(0, loadStarted + P.minLoadSeconds * 1000 - Date.now()));
      const ledger = await load.stop();
      for (const o of outages) {
        // Requests sent while the database was down; the last ones before the restart may wait for it.
        o.duringOutage = ledger.countByStatus(o.stoppedAt + 200, o.startedAt - REQUEST_TIMEOUT_MS - 500);
        const first = ledger.firstSuccessAfter(o.startedAt);
        o.firstAcceptedMs = first ? first.at + first.ms - o.startedAt : Number.POSITIVE_INFINITY;
      }

      const states = await waitDrained(chaos.databaseUrl, ledger.accepted, DRAIN_TIMEOUT_MS);
      const t = tally(ledger.accepted, states);
      reportFigure(
        {
          scenario: 'postgres-stop',
          accepted: t.accepted,
          completed: t.completed,
          lost: t.lost,
          duplicated_executions: t.duplicated_executions,
          recovery_seconds: seconds(Math.max(...outages.map((o) => o.firstAcceptedMs))),
          details: {
            stops: outages.length,
            outage_seconds: P.outageSeconds,
            first_accepted_after_start_seconds: outages.map((o) => seconds(o.firstAcceptedMs)),
            gateway_ready_after_start_seconds: outages.map((o) => seconds(o.gatewayReadyMs)),
            task_run_after_start_seconds: outages.map((o) => seconds(o.workersBackMs)),
            running_at_stop: outages.map((o) => o.runningAtStop),
            answers_during_outage: outages.map((o) => o.duringOutage),
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
      expect(chaos.crashed()).toEqual([]);
      expect(workers.every((w) => w.running)).toBe(true);
    },
    (P.stops * (P.warmupSeconds + P.outageSeconds + 90) + P.minLoadSeconds + 420) * 1000,
  );
});
