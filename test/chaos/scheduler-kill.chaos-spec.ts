import { AppProcess, eventually } from '@app/testing';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ChaosStack, chaosProfile, holdFor, query, reportFigure, seconds } from './harness';

const profile = chaosProfile();
const P = profile.scheduler;
const ENGINE = path.resolve(__dirname, '..', '..', 'apps', 'task-scheduling', 'src', 'firing', 'scheduler.loop.ts');
const describeIfEngine = existsSync(ENGINE) ? describe : describe.skip;
if (!existsSync(ENGINE)) process.stdout.write(`chaos scheduler scenario skipped: no firing engine at ${ENGINE}\n`);

type Run = { scheduled_for: string; status: string; task_id: string | null; trigger: string };

describeIfEngine('chaos: two scheduler replicas, one SIGKILLed mid-run', () => {
  let chaos: ChaosStack;

  beforeAll(async () => {
    chaos = await ChaosStack.start();
  }, 180_000);

  afterAll(async () => {
    await chaos?.destroy();
  }, 120_000);

  it(
    'should fire every instant exactly once',
    async () => {
      const api = chaos.api();
      const queue = chaos.newQueue();
      const first: AppProcess = chaos.running('task-scheduling')[0];
      const second = await chaos.startApp('task-scheduling', {}, 'task-scheduling-2');
      // Every second from a whole second a little ahead, for a bounded number of runs.
      const startAt = new Date(Math.ceil((Date.now() + 3000) / 1000) * 1000);
      const created = await api.post('/tasks/scheduled/periodic-tasks/', {
        name: `chaos-every-second-${queue}`,
        task_type: 'noop',
        queue,
        cron_expression: '* * * * * *',
        start_at: startAt.toISOString(),
        max_runs: P.runs,
        misfire_policy: 'run_all',
        overlap_policy: 'allow',
      });
      expect(created.status).toBe(201);
      const id = created.body.id as number;
      const expected = Array.from({ length: P.runs }, (_, i) => new Date(startAt.getTime() + i * 1000).toISOString());

      // Kill one replica mid-series, just after an instant fell due (when a replica is most likely firing).
      await holdFor(Math.max(0, startAt.getTime() + P.killAfterSeconds * 1000 + 50 - Date.now()));
      const victim = P.killFirst ? first : second;
      await chaos.kill(victim);
      const killedAt = Date.now();
      const firedBeforeKill = await firedKeys(id);

      const lastInstant = new Date(expected[expected.length - 1]).getTime();
      await eventually(
        async () => ((await firedKeys(id)).length >= P.runs ? true : undefined),
        { timeoutMs: Math.max(60_000, lastInstant - Date.now() + 60_000), intervalMs: 250, what: 'every instant to be fired' },
      );
      // Give a late duplicate (a replica repeating an instant) time to show up before judging.
      await holdFor(3000);
      const keys = await firedKeys(id);
      const runs = (await api.get(`/tasks/scheduled/periodic-tasks/${id}/runs/?page_size=200`)).body.results as Run[];
      const scheduled = runs.filter((r) => r.trigger !== 'manual');
      const instantsFromKeys = keys.map((k) => new Date(k.split(':').slice(2).join(':')).toISOString());
      const firedRuns = scheduled.filter((r) => r.status === 'fired').map((r) => new Date(r.scheduled_for).toISOString());
      const duplicates = keys.length - new Set(instantsFromKeys).size + (firedRuns.length - new Set(firedRuns).size);
      const missing = expected.filter((instant) => !instantsFromKeys.includes(instant));
      const unexpected = instantsFromKeys.filter((instant) => !expected.includes(instant));
      // Recovery: the first instant due after the kill, how late it fired.
      const lateness = await query<{ lateness_ms: number }>(
        chaos.databaseUrl,
        `SELECT max(extract(epoch FROM (fired_at - scheduled_for)) * 1000)::int AS lateness_ms
         FROM task_scheduling.periodic_task_run WHERE periodic_task_id = $1 AND scheduled_for >= $2`,
        [id, new Date(killedAt)],
      ).catch(() => [{ lateness_ms: Number.NaN }]);
      reportFigure(
        {
          scenario: 'scheduler-replica-sigkill',
          accepted: expected.length,
          completed: new Set(instantsFromKeys).size,
          lost: missing.length,
          duplicated_executions: duplicates,
          recovery_seconds: seconds(lateness[0]?.lateness_ms ?? Number.NaN),
          details: {
            replicas: 2,
            killed: victim.label,
            fired_before_kill: firedBeforeKill.length,
            instants_expected: expected.length,
            tasks_created: keys.length,
            runs_recorded: firedRuns.length,
            max_lateness_after_kill_ms: lateness[0]?.lateness_ms,
            missing,
            unexpected,
          },
        },
        profile.name,
      );

      expect(firedBeforeKill.length).toBeGreaterThan(0);
      expect(firedBeforeKill.length).toBeLessThan(P.runs);
      expect({ missing, unexpected, duplicates }).toEqual({ missing: [], unexpected: [], duplicates: 0 });
      expect(keys).toHaveLength(P.runs);
      expect(new Set(firedRuns).size).toBe(P.runs);
      expect(chaos.crashed()).toEqual([]);
    },
    (P.runs + 240) * 1000,
  );

  /** Idempotency keys of the tasks the schedule created: `periodic:<id>:<instant>`, one per fired instant. */
  async function firedKeys(id: number): Promise<string[]> {
    const rows = await query<{ idempotency_key: string }>(
      chaos.databaseUrl,
      `SELECT idempotency_key FROM task_core.task WHERE idempotency_key LIKE $1 ORDER BY created_at`,
      [`periodic:${id}:%`],
    );
    return rows.map((r) => r.idempotency_key);
  }
});
