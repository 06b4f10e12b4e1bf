import { ClaimedTask } from '@app/contracts';
import { ApiClient, AppProcess, eventually } from '@app/testing';
import { ServiceCallError, ServiceClient } from '@app/worker-sdk';
import { randomBytes } from 'node:crypto';
import { connect, NatsConnection } from 'nats';
import { sharedStack } from './stack-file';

const stack = sharedStack();
const base = stack.info.gatewayUrl;
const JOBS = '/tasks/persistent-jobs/persistent-jobs/';
const CHECKPOINTS = '/tasks/persistent-jobs/checkpoints/';
type Job = { id: number; status: string; task: number; task_id: string; [k: string]: any };
type Checkpoint = { id: number; sequence: number; attempt: number; worker_id: string; [k: string]: any };

function newQueue(): string {
  return `q-${randomBytes(4).toString('hex')}`;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

async function waitForJob(
  api: ApiClient,
  id: number,
  accept: (job: Job) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<Job> {
  return eventually(
    async () => {
      const job = (await api.get<Job>(`${JOBS}${id}/`)).body;
      return accept(job) ? job : undefined;
    },
    { timeoutMs, what: `job ${id} ${what}`, intervalMs: 100 },
  );
}

async function allCheckpoints(api: ApiClient, jobId: number): Promise<Checkpoint[]> {
  return (await api.get(`${CHECKPOINTS}?job=${jobId}&ordering=sequence&page_size=200`)).body.results;
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toBeInstanceOf(ServiceCallError);
  await promise.catch((error: ServiceCallError) => expect(error.code).toBe(code));
}

describe('checkpoints through NATS, with fencing (no worker: the test claims the task itself)', () => {
  let nc: NatsConnection;
  let client: ServiceClient;
  let api: ApiClient;
  let queue: string;
  beforeAll(async () => {
    nc = await connect({ servers: stack.info.natsUrl });
    client = new ServiceClient(nc, stack.info.namespace, 5000);
  });
  afterAll(async () => {
    await nc.close();
  });
  beforeEach(() => {
    api = ApiClient.forNewBrand(base, 'editor');
    queue = newQueue();
  });

  async function claim(workerId: string, leaseSeconds = 30): Promise<ClaimedTask> {
    const { tasks } = await client.request('core.work.claim', {
      worker_id: workerId,
      queues: [queue],
      task_types: [],
      max: 1,
      lease_seconds: leaseSeconds,
    });
    expect(tasks).toHaveLength(1);
    return tasks[0];
  }

  function save(
    task: ClaimedTask,
    workerId: string,
    state: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ) {
    return client.request('persistence.checkpoint.save', {
      brand_id: task.brand_id,
      job_id: task.persistent_job_id as number,
      task_id: task.id,
      attempt: task.attempt,
      worker_id: workerId,
      state,
      ...extra,
    });
  }

  it('should save checkpoints in sequence, keep the last N, track progress and refuse stale or oversized writes', async () => {
    const job = (
      await api.post<Job>(JOBS, { task_type: 'seo_keyword_analysis', queue, checkpoint_retention: 2 })
    ).body;
    const task = await claim('w-a');
    expect(task).toMatchObject({ id: job.task, is_resumable: true, persistent_job_id: job.id, attempt: 1 });
    await expect(
      client.request('persistence.checkpoint.latest', { brand_id: api.brandId, job_id: job.id }),
    ).resolves.toEqual({ checkpoint: null });

    for (const n of [1, 2, 3]) {
      const saved = await save(
        task,
        'w-a',
        { n },
        { step: `keyword-${n}`, progress: { items_processed: n, items_total: 4, message: `n=${n}` } },
      );
      expect(saved).toMatchObject({ sequence: n, pause_requested: false, cancel_requested: false });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const latest = await client.request('persistence.checkpoint.latest', {
      brand_id: api.brandId,
      job_id: job.id,
    });
    expect(latest.checkpoint).toMatchObject({ sequence: 3, state: { n: 3 } });

    const running = await waitForJob(api, job.id, (j) => j.status === 'running', 'running');
    expect(running).toMatchObject({
      checkpoint_count: 3,
      progress: { items_processed: 3, items_total: 4, percentage: 75, message: 'n=3' },
      attempts: 1,
    });
    expect(running.last_checkpoint_at).not.toBeNull();
    expect(running.progress.eta_seconds).toEqual(expect.any(Number));

    const kept = await allCheckpoints(api, job.id);
    expect(kept.map((c) => c.sequence)).toEqual([2, 3]);
    expect(kept[1]).toMatchObject({
      job: job.id,
      task: job.task,
      task_id: job.task_id,
      attempt: 1,
      worker_id: 'w-a',
      step: 'keyword-3',
    });
    expect(kept[1].state).toBeUndefined();
    const detail = await api.get(`${CHECKPOINTS}${kept[1].id}/`);
    expect(detail.body).toMatchObject({ sequence: 3, state: { n: 3 }, progress: { items_processed: 3 } });
    expect((await api.get(`${CHECKPOINTS}?task=${job.task_id}`)).body.count).toBe(2);
    expect((await api.get(`${CHECKPOINTS}?task=${job.task}`)).body.count).toBe(2);
    expect((await api.stranger().get(`${CHECKPOINTS}${kept[1].id}/`)).status).toBe(404);
    expect((await api.stranger().get(`${CHECKPOINTS}?task=${job.task_id}`)).body.count).toBe(0);

    // A writer that is not the owning attempt (another worker, or an attempt that does not exist) is fenced off.
    await expectCode(save(task, 'w-zombie', { n: 99 }), 'LEASE_LOST');
    await expectCode(save({ ...task, attempt: 2 }, 'w-a', { n: 99 }), 'LEASE_LOST');
    await expectCode(save(task, 'w-a', { blob: 'x'.repeat(600 * 1024) }), 'CHECKPOINT_TOO_LARGE');
    await expectCode(
      save({ ...task, persistent_job_id: job.id + 1_000_000 }, 'w-a', { n: 1 }),
      'JOB_NOT_FOUND',
    );
    expect((await api.get<Job>(`${JOBS}${job.id}/`)).body.checkpoint_count).toBe(3);
  });

  it('should pause cooperatively at the next checkpoint and fence the old attempt after a resume', async () => {
    const job = (await api.post<Job>(JOBS, { task_type: 'seo_keyword_analysis', queue })).body;
    const first = await claim('w-a');
    await save(first, 'w-a', { n: 1 });
    await waitForJob(api, job.id, (j) => j.status === 'running', 'running');

    const pausing = await api.post<Job>(`${JOBS}${job.id}/pause/`);
    expect(pausing.status).toBe(200);
    expect(pausing.body.status).toBe('pausing');
    expect((await api.post<Job>(`${JOBS}${job.id}/pause/`)).body.status).toBe('pausing');
    expect((await api.post(`${JOBS}${job.id}/resume/`)).body.error_code).toBe('JOB_NOT_RESUMABLE');
    // The handler learns of the pause from its next checkpoint, which is still saved.
    await expect(save(first, 'w-a', { n: 2 })).resolves.toMatchObject({ sequence: 2, pause_requested: true });
    await client.request('core.work.report', {
      worker_id: 'w-a',
      reports: [{ id: first.id, attempt: first.attempt, kind: 'paused' }],
    });
    await waitForJob(api, job.id, (j) => j.status === 'paused' && j.is_resumable, 'paused');
    expect((await api.get(`${JOBS}resumable/`)).body.results.map((j: Job) => j.id)).toEqual([job.id]);

    expect((await api.post<Job>(`${JOBS}${job.id}/resume/`)).body).toMatchObject({
      status: 'pending',
      resume_count: 1,
    });
    const second = await claim('w-b');
    expect(second.attempt).toBe(2);
    await expectCode(save(first, 'w-a', { n: 'zombie' }), 'LEASE_LOST');
    await expect(save(second, 'w-b', { n: 3 })).resolves.toMatchObject({
      sequence: 3,
      pause_requested: false,
    });
    const latest = await client.request('persistence.checkpoint.latest', {
      brand_id: api.brandId,
      job_id: job.id,
    });
    expect(latest.checkpoint?.state).toEqual({ n: 3 });
    expect((await allCheckpoints(api, job.id)).map((c) => [c.sequence, c.attempt])).toEqual([
      [1, 1],
      [2, 1],
      [3, 2],
    ]);
  });

  it('should resume an interrupted job by itself until max_resumes, and leave the others for a person', async () => {
    const auto = (
      await api.post<Job>(JOBS, {
        task_type: 'seo_keyword_analysis',
        queue,
        auto_resume: true,
        max_resumes: 1,
      })
    ).body;
    const manual = (
      await api.post<Job>(JOBS, { task_type: 'seo_keyword_analysis', queue, auto_resume: false })
    ).body;
    // Claimed and never heartbeaten: both leases expire as if the worker had died.
    await claim('w-dead', 5);
    await claim('w-dead', 5);
    const resumed = await waitForJob(
      api,
      auto.id,
      (j) => j.resume_count === 1 && j.status === 'pending',
      'resumed by itself',
      40_000,
    );
    expect(resumed.attempts).toBe(1);
    const stuck = await waitForJob(api, manual.id, (j) => j.status === 'interrupted', 'interrupted', 40_000);
    expect(stuck).toMatchObject({ resume_count: 0, is_resumable: true });

    // The second interruption exceeds max_resumes: the job waits for a person.
    const again = await claim('w-dead', 5);
    expect(again).toMatchObject({ id: auto.task, attempt: 2 });
    await waitForJob(api, auto.id, (j) => j.status === 'interrupted', 'interrupted again', 40_000);
    const resumable = (await api.get(`${JOBS}resumable/?ordering=id`)).body.results.map((j: Job) => j.id);
    expect(resumable).toEqual([auto.id, manual.id]);
    expect((await api.get<Job>(`${JOBS}${auto.id}/`)).body.resume_count).toBe(1);
    await expect(api.post<Job>(`${JOBS}${manual.id}/resume/`)).resolves.toMatchObject({
      status: 200,
      body: { status: 'pending', resume_count: 1 },
    });
  });
});

describe('resumable jobs on real workers (seo_keyword_analysis)', () => {
  const workers: AppProcess[] = [];
  let api: ApiClient;
  let queue: string;
  beforeEach(() => {
    api = ApiClient.forNewBrand(base, 'editor');
    queue = newQueue();
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.kill()));
  });

  async function worker(): Promise<AppProcess> {
    const w = await stack.startApp('worker', { env: { WORKER_QUEUES: queue, WORKER_CONCURRENCY: '2' } });
    workers.push(w);
    return w;
  }

  async function createJob(
    keywords: number,
    stepMs: number,
    extra: Record<string, unknown> = {},
  ): Promise<Job> {
    const res = await api.post<Job>(JOBS, {
      task_type: 'seo_keyword_analysis',
      queue,
      context_data: { keyword_ids: range(keywords), step_ms: stepMs },
      checkpoint_retention: 1000,
      ...extra,
    });
    expect(res.status).toBe(201);
    return res.body;
  }

  async function resultOf(job: Job): Promise<{ keywords_processed: number; keyword_ids: number[] }> {
    return (await api.get(`/tasks/${job.task}/`)).body.result_data;
  }

  it('should show checkpoints and progress while the job runs, then its result', async () => {
    await worker();
    const job = await createJob(40, 100, { checkpoint_retention: 5 });
    const midway = await waitForJob(
      api,
      job.id,
      (j) => j.status === 'running' && j.checkpoint_count >= 10,
      'checkpointing',
    );
    expect(midway.progress.items_total).toBe(40);
    expect(midway.progress.items_processed).toBeGreaterThanOrEqual(10);
    expect(midway.progress.eta_seconds).toEqual(expect.any(Number));
    expect(midway.progress.eta_seconds).toBeLessThan(30);
    const done = await waitForJob(api, job.id, (j) => j.status === 'completed', 'completed');
    expect(done).toMatchObject({
      checkpoint_count: 40,
      progress: { percentage: 100, items_processed: 40, items_total: 40, eta_seconds: 0 },
      result_data: { keywords_processed: 40 },
      resume_count: 0,
    });
    expect(done.completed_at).not.toBeNull();
    expect((await allCheckpoints(api, job.id)).map((c) => c.sequence)).toEqual([36, 37, 38, 39, 40]);
  });

  it('should pause at a checkpoint and resume from it, processing every keyword exactly once', async () => {
    await worker();
    const job = await createJob(60, 50);
    await waitForJob(api, job.id, (j) => j.checkpoint_count >= 5, 'checkpointing');
    const pause = await api.post<Job>(`${JOBS}${job.id}/pause/`);
    expect(pause.status).toBe(200);
    expect(['pausing', 'paused']).toContain(pause.body.status);
    const paused = await waitForJob(api, job.id, (j) => j.status === 'paused', 'paused');
    expect(paused.checkpoint_count).toBeLessThan(60);
    expect((await api.get(`/tasks/${job.task}/`)).body.status).toBe('paused');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await api.get<Job>(`${JOBS}${job.id}/`)).body.checkpoint_count).toBe(paused.checkpoint_count);

    expect((await api.post(`${JOBS}${job.id}/resume/`)).status).toBe(200);
    const done = await waitForJob(api, job.id, (j) => j.status === 'completed', 'completed');
    expect(done.resume_count).toBe(1);
    const result = await resultOf(job);
    expect(result.keywords_processed).toBe(60);
    expect(result.keyword_ids).toEqual(range(60));
    const checkpoints = await allCheckpoints(api, job.id);
    expect(checkpoints.map((c) => c.sequence)).toEqual(range(60));
    expect(new Set(checkpoints.map((c) => c.attempt))).toEqual(new Set([1, 2]));
  });

  it('should pause a running job whose handler never checkpoints: its signal fires, the job ends paused', async () => {
    await worker();
    const res = await api.post<Job>(JOBS, { task_type: 'sleep', queue, context_data: { ms: 20_000 } });
    expect(res.status).toBe(201);
    await waitForJob(api, res.body.id, (j) => j.status === 'running', 'running');
    expect((await api.post<Job>(`${JOBS}${res.body.id}/pause/`)).status).toBe(200);
    // Heard at the worker's next heartbeat (1 s here), long before the 20 s sleep would end.
    const paused = await waitForJob(api, res.body.id, (j) => j.status === 'paused', 'paused');
    expect(paused.completed_at).toBeNull();
    expect((await api.get(`/tasks/${res.body.task}/`)).body.status).toBe('paused');
  });

  it('should resume a job whose worker was killed from its last checkpoint on another worker', async () => {
    const doomed = await worker();
    const job = await createJob(80, 100, { auto_resume: true, max_resumes: 3 });
    await waitForJob(api, job.id, (j) => j.checkpoint_count >= 5, 'checkpointing');
    await doomed.kill('SIGKILL');
    const beforeKill = await allCheckpoints(api, job.id);
    const last = beforeKill[beforeKill.length - 1];
    expect(last.attempt).toBe(1);
    await worker();

    const done = await waitForJob(
      api,
      job.id,
      (j) => j.status === 'completed',
      'completed after the crash',
      60_000,
    );
    expect(done.resume_count).toBe(1);
    const result = await resultOf(job);
    expect(result.keyword_ids).toEqual(range(80));
    // The second attempt started right after the last checkpoint of the first: nothing before it ran again.
    const checkpoints = await allCheckpoints(api, job.id);
    expect(checkpoints.map((c) => c.sequence)).toEqual(range(80));
    const firstOfSecond = checkpoints.find((c) => c.attempt === 2) as Checkpoint;
    const lastOfFirst = checkpoints.filter((c) => c.attempt === 1).pop() as Checkpoint;
    expect(firstOfSecond.sequence).toBe(lastOfFirst.sequence + 1);
    const [a, b] = await Promise.all(
      [lastOfFirst, firstOfSecond].map(async (c) => (await api.get(`${CHECKPOINTS}${c.id}/`)).body.state),
    );
    expect(b.next_index).toBe(a.next_index + 1);
  });
});
