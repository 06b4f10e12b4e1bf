import { AppProcess, eventually } from '@app/testing';
import {
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
  taskStates,
  waitDrained,
} from './harness';

const profile = chaosProfile();
const P = profile.workerKill;

type Kill = { at: number; workerId: string; orphans: Set<number>; takenBackMs: number; rerunMs: number };

describe('chaos: a worker SIGKILLed repeatedly under load', () => {
  let chaos: ChaosStack;

  beforeAll(async () => {
    chaos = await ChaosStack.start();
  }, 180_000);

  afterAll(async () => {
    await chaos?.destroy();
  }, 120_000);

  it(
    'should lose none of the accepted tasks and re-run a killed worker’s tasks within its lease',
    async () => {
      const api = chaos.api();
      const queue = chaos.newQueue();
      const env = { WORKER_CONCURRENCY: String(P.concurrency) };
      let generation = 0;
      // Each slot holds its current worker; a replacement boots in the background while the load goes on.
      const slots: Array<Promise<AppProcess>> = Array.from({ length: P.workers }, (_, slot) =>
        chaos.startWorker(queue, `chaos-w${slot}-g${generation}`, env),
      );
      await Promise.all(slots);
      const load = new LoadGenerator({ api, ratePerSecond: P.ratePerSecond, task: shortTask(queue), bulkEvery: 10, bulkSize: 10 }).start();
      const loadStarted = Date.now();
      const kills: Array<Promise<Kill>> = [];

      for (let k = 0; k < P.kills; k++) {
        await holdFor(P.killEverySeconds * 1000);
        const slot = k % P.workers;
        const victim = await slots[slot];
        const workerId = victim.label;
        // Kill it while it holds work, so that the kill orphans something.
        await eventually(async () => ((await runningOn(workerId)).length > 0 ? true : undefined), {
          timeoutMs: 15_000,
          what: `${workerId} to hold running tasks`,
        });
        await chaos.kill(victim);
        kills.push(followRecovery(workerId, Date.now()));
        generation++;
        slots[slot] = chaos.startWorker(queue, `chaos-w${slot}-g${generation}`, env);
      }
      await holdFor(Math.max(P.killEverySeconds * 1000, loadStarted + P.minLoadSeconds * 1000 - Date.now()));
      const ledger = await load.stop();
      const recovered = await Promise.all(kills);
      // The replacements came up (and are part of the crash check below).
      await Promise.all(slots);

      const states = await waitDrained(chaos.databaseUrl, ledger.accepted, DRAIN_TIMEOUT_MS);
      const t = tally(ledger.accepted, states);
      const recoveries = recovered.map((k) => k.takenBackMs);
      const orphaned = recovered.reduce((n, k) => n + k.orphans.size, 0);
      reportFigure(
        {
          scenario: 'worker-sigkill',
          accepted: t.accepted,
          completed: t.completed,
          lost: t.lost,
          duplicated_executions: t.duplicated_executions,
          recovery_seconds: seconds(Math.max(...recoveries)),
          details: {
            kills: kills.length,
            offered_tasks_per_second: Math.round(P.ratePerSecond * 1.9),
            orphaned_by_kills: orphaned,
            tasks_rerun: t.tasks_rerun,
            max_attempts: t.max_attempts,
            // Recovery: until task-core took back every task the dead worker held (lease expiry + sweep).
            recovery_seconds_per_kill: recoveries.map(seconds),
            // Until each of them had run again on another worker (includes waiting in the queue).
            rerun_seconds_per_kill: recovered.map((k) => seconds(k.rerunMs)),
            lease_seconds: 5,
            responses: ledger.countByStatus(),
            missing: t.missing.slice(0, 20),
            stuck: t.stuck.slice(0, 20),
            failed: t.failed.slice(0, 20),
          },
        },
        profile.name,
      );

      expect(ledger.unexpected()).toEqual([]);
      expect(t.accepted).toBeGreaterThan(P.ratePerSecond * P.minLoadSeconds * 0.5);
      expect({ missing: t.missing, stuck: t.stuck, failed: t.failed }).toEqual({ missing: [], stuck: [], failed: [] });
      expect(t.lost).toBe(0);
      // At-least-once: the only re-runs are the attempts a kill interrupted (a live worker never lost a lease).
      expect(t.duplicated_executions).toBeLessThanOrEqual(orphaned);
      // task-core took every orphan back within lease (5 s) + sweep (0.5 s), with room for a busy shared box.
      recoveries.forEach((ms) => expect(ms).toBeLessThan(15_000));
      recovered.forEach((k) => expect(k.rerunMs).toBeLessThan(Number.POSITIVE_INFINITY));
      expect(chaos.crashed()).toEqual([]);
    },
    (P.kills * P.killEverySeconds + P.minLoadSeconds + 480) * 1000,
  );

  /**
   * Follows one kill: the dead worker's tasks (including a claim it asked for just before dying, which
   * task-core may commit after the kill) until task-core took each back (its lease expired: queued
   * again) and until each ran again on another worker (that part also waits for its turn in the queue).
   */
  async function followRecovery(workerId: string, at: number): Promise<Kill> {
    const orphans = new Set<number>();
    const deadline = at + 90_000;
    let takenBackMs = Number.POSITIVE_INFINITY;
    for (;;) {
      const held = await runningOn(workerId);
      held.forEach((id) => orphans.add(id));
      const states = await taskStates(chaos.databaseUrl, orphans);
      const notRerun = [...orphans].filter((id) => {
        const s = states.get(id);
        return !s || !(s.status === 'completed' || (s.status === 'running' && s.worker_id !== workerId));
      });
      const elapsed = Date.now() - at;
      if (held.length > 0) takenBackMs = Number.POSITIVE_INFINITY;
      else if (takenBackMs === Number.POSITIVE_INFINITY) takenBackMs = elapsed;
      // Settled once every orphan ran again and a late claim had time to land.
      if ((notRerun.length === 0 && elapsed > 3000) || Date.now() > deadline) {
        return { at, workerId, orphans, takenBackMs, rerunMs: notRerun.length === 0 ? elapsed : Number.POSITIVE_INFINITY };
      }
      await holdFor(200);
    }
  }

  async function runningOn(workerId: string): Promise<number[]> {
    const rows = await query<{ id: number }>(
      chaos.databaseUrl,
      `SELECT id::int AS id FROM task_core.task WHERE status = 'running' AND worker_id = $1`,
      [workerId],
    );
    return rows.map((r) => r.id);
  }
});
