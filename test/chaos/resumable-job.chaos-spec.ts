import { ApiClient, AppProcess, eventually } from '@app/testing';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ChaosStack, chaosProfile, reportFigure, seconds } from './harness';

const profile = chaosProfile();
const P = profile.resumable;
const JOBS = '/tasks/persistent-jobs/persistent-jobs/';
const SERVICE = path.resolve(__dirname, '..', '..', 'apps', 'task-persistence', 'src', 'job', 'job.service.ts');
const describeIfService = existsSync(SERVICE) ? describe : describe.skip;
if (!existsSync(SERVICE)) process.stdout.write(`chaos resumable-job scenario skipped: no job service at ${SERVICE}\n`);

type Job = {
  id: number;
  status: string;
  checkpoint_count: number;
  resume_count: number;
  attempts: number;
  result_data: { keywords_processed: number; keyword_ids: number[] } | null;
};
type Checkpoint = { sequence: number; attempt: number; worker_id: string; progress: { current_step?: number } | null };
type Interruption = { killedAt: number; worker: string; lastStepBefore: Map<number, number>; resumedMs: number };

describeIfService('chaos: a resumable job whose worker dies', () => {
  let chaos: ChaosStack;

  beforeAll(async () => {
    chaos = await ChaosStack.start();
  }, 180_000);

  afterAll(async () => {
    await chaos?.destroy();
  }, 120_000);

  it(
    'should resume each job from its last checkpoint on another worker and count every keyword once',
    async () => {
      const api = chaos.api();
      const queue = chaos.newQueue();
      const keywordIds = Array.from({ length: P.keywords }, (_, i) => i + 1);
      let worker: AppProcess = await chaos.startWorker(queue, 'chaos-resume-w0', { WORKER_CONCURRENCY: String(P.jobs) });
      const jobs: Job[] = [];
      for (let j = 0; j < P.jobs; j++) {
        const res = await api.post(JOBS, {
          task_type: 'seo_keyword_analysis',
          queue,
          context_data: { keyword_ids: keywordIds, step_ms: P.stepMs },
          auto_resume: true,
          max_resumes: P.kills + 5,
          checkpoint_retention: 1000,
        });
        expect(res.status).toBe(201);
        jobs.push(res.body as Job);
      }
      const interruptions: Interruption[] = [];

      for (let k = 0; k < P.kills; k++) {
        // Kill the worker once every job has made progress since the last resume.
        const floor = Math.round((P.keywords * (k + 1)) / (P.kills + 2));
        await eventually(
          async () => {
            const current = await Promise.all(jobs.map((j) => getJob(api, j.id)));
            return current.every((j) => j.status === 'running' && j.checkpoint_count >= floor) ? true : undefined;
          },
          { timeoutMs: 120_000, intervalMs: 100, what: `every job to pass ${floor} checkpoints` },
        );
        await chaos.kill(worker);
        const killedAt = Date.now();
        const lastStepBefore = new Map<number, number>();
        for (const job of jobs) lastStepBefore.set(job.id, lastStep(await checkpoints(api, job.id)));
        worker = await chaos.startWorker(queue, `chaos-resume-w${k + 1}`, { WORKER_CONCURRENCY: String(P.jobs) });
        // Resumed: every job wrote a checkpoint past the one it had when its worker died.
        await eventually(
          async () => {
            for (const job of jobs) {
              if (lastStep(await checkpoints(api, job.id)) <= (lastStepBefore.get(job.id) ?? 0)) return undefined;
            }
            return true;
          },
          { timeoutMs: 120_000, intervalMs: 100, what: 'every job to resume after the kill' },
        );
        interruptions.push({ killedAt, worker: worker.label, lastStepBefore, resumedMs: Date.now() - killedAt });
      }

      const done = await Promise.all(
        jobs.map((j) =>
          eventually(
            async () => {
              const job = await getJob(api, j.id);
              return ['completed', 'failed', 'cancelled'].includes(job.status) ? job : undefined;
            },
            { timeoutMs: (P.keywords * P.stepMs) + 120_000, intervalMs: 250, what: `job ${j.id} to finish` },
          ),
        ),
      );
      // Where each resumed attempt started: its first checkpoint's step, against the last one before the kill.
      const resumes: Array<{ job: number; lastBefore: number; firstAfter: number }> = [];
      for (const job of done) {
        const list = await checkpoints(api, job.id);
        for (const interruption of interruptions) {
          const lastBefore = interruption.lastStepBefore.get(job.id) ?? 0;
          const after = list.filter((c) => (c.progress?.current_step ?? 0) > lastBefore).sort((a, b) => a.sequence - b.sequence)[0];
          resumes.push({ job: job.id, lastBefore, firstAfter: after?.progress?.current_step ?? -1 });
        }
      }
      const completed = done.filter((j) => j.status === 'completed');
      const countedOnce = completed.filter(
        (j) => j.result_data?.keywords_processed === P.keywords && JSON.stringify(j.result_data?.keyword_ids) === JSON.stringify(keywordIds),
      );
      reportFigure(
        {
          scenario: 'resumable-job-worker-sigkill',
          accepted: jobs.length,
          completed: completed.length,
          lost: jobs.length - completed.length,
          duplicated_executions: done.reduce((n, j) => n + Math.max(0, j.attempts - 1), 0),
          recovery_seconds: seconds(Math.max(...interruptions.map((i) => i.resumedMs))),
          details: {
            kills: interruptions.length,
            keywords_per_job: P.keywords,
            step_ms: P.stepMs,
            resume_counts: done.map((j) => j.resume_count),
            attempts: done.map((j) => j.attempts),
            resumed_from: resumes.map((r) => `${r.lastBefore}→${r.firstAfter}`),
            // Checkpointed steps written again after a kill (0: only the keyword in flight was redone).
            checkpointed_steps_repeated: resumes.map((r) => Math.max(0, r.lastBefore + 1 - r.firstAfter)),
            keywords_counted_once: countedOnce.length,
          },
        },
        profile.name,
      );

      expect(done.map((j) => j.status)).toEqual(jobs.map(() => 'completed'));
      expect(countedOnce).toHaveLength(jobs.length);
      // Each resume picked up right after the last checkpoint written before the kill.
      expect(resumes.filter((r) => r.firstAfter !== r.lastBefore + 1)).toEqual([]);
      done.forEach((j) => expect(j.resume_count).toBeGreaterThanOrEqual(P.kills));
      expect(chaos.crashed()).toEqual([]);
    },
    (P.kills * 150 + (P.keywords * P.stepMs) / 1000 + 300) * 1000,
  );
});

async function getJob(api: ApiClient, id: number): Promise<Job> {
  const res = await api.get<Job>(`${JOBS}${id}/`);
  if (res.status !== 200) throw new Error(`GET job ${id}: ${res.status}`);
  return res.body;
}

async function checkpoints(api: ApiClient, jobId: number): Promise<Checkpoint[]> {
  const res = await api.get(`/tasks/persistent-jobs/checkpoints/?job=${jobId}&page_size=200`);
  if (res.status !== 200) throw new Error(`GET checkpoints of job ${jobId}: ${res.status}`);
  return res.body.results as Checkpoint[];
}

function lastStep(list: Checkpoint[]): number {
  return Math.max(0, ...list.map((c) => c.progress?.current_step ?? 0));
}
