import { ApiClient, eventually } from '@app/testing';
import { randomBytes } from 'node:crypto';
import { sharedStack } from './stack-file';

const stack = sharedStack();
const base = stack.info.gatewayUrl;
const JOBS = '/tasks/persistent-jobs/persistent-jobs/';
const CHECKPOINTS = '/tasks/persistent-jobs/checkpoints/';
type Job = { id: number; status: string; task: number | null; task_id: string | null; [k: string]: any };

/** A queue no worker serves: jobs created on it stay pending. */
function idleQueue(): string {
  return `q-idle-${randomBytes(4).toString('hex')}`;
}

describe('persistent jobs API (gateway → task-persistence → task-core)', () => {
  let api: ApiClient;
  let queue: string;
  beforeEach(() => {
    api = ApiClient.forNewBrand(base, 'editor');
    queue = idleQueue();
  });

  async function createJob(body: Record<string, unknown> = {}): Promise<Job> {
    const res = await api.post<Job>(JOBS, { task_type: 'seo_keyword_analysis', queue, ...body });
    expect(res.status).toBe(201);
    return res.body;
  }

  describe('create', () => {
    it('should create a job backed by a resumable task of the same brand', async () => {
      const res = await api.post<Job>(JOBS, {
        task_type: 'seo_keyword_analysis',
        description: 'Analyser 500 mots-clés',
        context_data: { keyword_ids: [1, 2, 3] },
        priority: 'high',
        queue,
        auto_resume: false,
        max_resumes: 5,
        checkpoint_retention: 3,
        timeout_seconds: 600,
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        task_type: 'seo_keyword_analysis',
        description: 'Analyser 500 mots-clés',
        status: 'pending',
        priority: 'high',
        queue,
        context_data: { keyword_ids: [1, 2, 3] },
        auto_resume: false,
        max_resumes: 5,
        checkpoint_retention: 3,
        timeout_seconds: 600,
        progress: {
          current_step: null,
          total_steps: null,
          percentage: 0,
          message: null,
          items_processed: null,
          items_total: null,
          eta_seconds: null,
        },
        checkpoint_count: 0,
        last_checkpoint_at: null,
        resume_count: 0,
        is_resumable: false,
        brand: { id: api.brandId },
        created_by: { id: 1, username: 'martin' },
      });
      expect(res.body.task_id).toMatch(/^task_[a-z2-7]{16}$/);
      expect(res.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const task = await api.get(`/tasks/${res.body.task}/`);
      expect(task.body).toMatchObject({
        task_id: res.body.task_id,
        is_resumable: true,
        persistent_job_id: res.body.id,
        priority: 'high',
        queue,
        timeout_seconds: 600,
        context_data: { keyword_ids: [1, 2, 3] },
      });
      const resumable = await api.get(`/tasks/?is_resumable=true&queue=${queue}`);
      expect(resumable.body.results.map((t: { id: number }) => t.id)).toEqual([res.body.task]);
      expect((await api.get(`${JOBS}${res.body.id}/`)).body).toMatchObject({
        id: res.body.id,
        task: res.body.task,
      });
    });

    it('should answer the first job with 200 for a repeated idempotency key, per brand', async () => {
      const first = await api.post<Job>(JOBS, { task_type: 'noop', queue, idempotency_key: 'import-7' });
      const again = await api.post<Job>(
        JOBS,
        { task_type: 'noop', queue },
        { headers: { 'Idempotency-Key': 'import-7' } },
      );
      expect(first.status).toBe(201);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ id: first.body.id, task: first.body.task });
      const other = await api
        .stranger()
        .post<Job>(JOBS, { task_type: 'noop', queue, idempotency_key: 'import-7' });
      expect(other.status).toBe(201);
      expect(other.body.id).not.toBe(first.body.id);
      expect((await api.get(`/tasks/?queue=${queue}`)).body.count).toBe(1);
    });

    it('should reject bad input with field errors and create nothing', async () => {
      const res = await api.post(JOBS, {
        task_type: 'Bad Type',
        priority: 'urgent',
        auto_resume: 'yes',
        max_resumes: -1,
        checkpoint_retention: 0,
        timeout_seconds: 0,
        context_data: [1],
        queue: 'Q!',
        brand_id: 5,
      });
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.body.field_errors).sort()).toEqual(
        [
          'auto_resume',
          'brand_id',
          'checkpoint_retention',
          'context_data',
          'max_resumes',
          'priority',
          'queue',
          'task_type',
          'timeout_seconds',
        ].sort(),
      );
      const missing = await api.post(JOBS, {});
      expect(missing.status).toBe(400);
      expect(missing.body.field_errors.task_type).toBeDefined();
      const big = await api.post(JOBS, { task_type: 'noop', context_data: { blob: 'x'.repeat(270_000) } });
      expect(big.status).toBe(400);
      expect(big.body.field_errors.context_data).toBeDefined();
      expect((await api.get(JOBS)).body.count).toBe(0);
    });
  });

  describe('read', () => {
    it('should list with filters, search, ordering and pagination', async () => {
      const a = await createJob({ task_type: 'seo_keyword_analysis', description: 'alpha keywords' });
      const b = await createJob({
        task_type: 'daily_seo_report',
        description: 'beta report',
        auto_resume: false,
      });
      const c = await createJob({ task_type: 'seo_keyword_analysis', description: 'gamma' });
      const all = await api.get(JOBS);
      expect(all.body.count).toBe(3);
      expect(all.body.results.map((j: Job) => j.id)).toEqual([c.id, b.id, a.id]);
      const byType = await api.get(`${JOBS}?task_type=seo_keyword_analysis&ordering=id`);
      expect(byType.body.results.map((j: Job) => j.id)).toEqual([a.id, c.id]);
      expect((await api.get(`${JOBS}?search=BETA`)).body.results.map((j: Job) => j.id)).toEqual([b.id]);
      expect((await api.get(`${JOBS}?search=${a.task_id}`)).body.results.map((j: Job) => j.id)).toEqual([
        a.id,
      ]);
      expect((await api.get(`${JOBS}?auto_resume=false`)).body.results.map((j: Job) => j.id)).toEqual([b.id]);
      expect((await api.get(`${JOBS}?status=pending,paused`)).body.count).toBe(3);
      expect((await api.get(`${JOBS}?status=completed`)).body.count).toBe(0);
      const page = await api.get(`${JOBS}?page_size=2&ordering=created_at`);
      expect(page.body.results.map((j: Job) => j.id)).toEqual([a.id, b.id]);
      expect(page.body.next).toContain('page=2');
      expect(page.body.previous).toBeNull();
      const page2 = await api.get(`${JOBS}?page_size=2&ordering=created_at&page=2`);
      expect(page2.body.results.map((j: Job) => j.id)).toEqual([c.id]);
    });

    it('should reject bad filters with field errors', async () => {
      for (const query of [
        'status=done',
        'ordering=brand_id',
        'page_size=0',
        'auto_resume=maybe',
        'created_at__gte=yesterday',
        'colour=red',
      ]) {
        const res = await api.get(`${JOBS}?${query}`);
        expect(res.status).toBe(400);
        expect(Object.keys(res.body.field_errors)).toHaveLength(1);
      }
      for (const query of ['job=abc', 'task=nope', 'ordering=state']) {
        const res = await api.get(`${CHECKPOINTS}?${query}`);
        expect(res.status).toBe(400);
        expect(res.body.field_errors).toBeDefined();
      }
    });

    it('should answer 404 for a missing or malformed id', async () => {
      for (const path of [`${JOBS}999999999/`, `${JOBS}abc/`, `${JOBS}0/`]) {
        const res = await api.get(path);
        expect(res.status).toBe(404);
        expect(res.body.error_code).toBe('JOB_NOT_FOUND');
      }
      const checkpoint = await api.get(`${CHECKPOINTS}999999999/`);
      expect(checkpoint.status).toBe(404);
      expect(checkpoint.body.error_code).toBe('CHECKPOINT_NOT_FOUND');
      expect((await api.post(`${JOBS}999999999/resume/`)).body.error_code).toBe('JOB_NOT_FOUND');
    });
  });

  describe('pause, resume, cancel of a waiting job', () => {
    it('should pause a pending job at once, list it as resumable, resume and cancel it', async () => {
      const job = await createJob();
      expect((await api.get(`${JOBS}resumable/`)).body.count).toBe(0);
      const paused = await api.post<Job>(`${JOBS}${job.id}/pause/`);
      expect(paused.status).toBe(200);
      expect(paused.body).toMatchObject({ status: 'paused', is_resumable: true });
      expect((await api.get(`/tasks/${job.task}/`)).body.status).toBe('paused');
      const resumable = await api.get(`${JOBS}resumable/`);
      expect(resumable.body.results.map((j: Job) => j.id)).toEqual([job.id]);
      const again = await api.post(`${JOBS}${job.id}/pause/`);
      expect(again.status).toBe(400);
      expect(again.body.error_code).toBe('JOB_NOT_PAUSABLE');

      const resumed = await api.post<Job>(`${JOBS}${job.id}/resume/`);
      expect(resumed.status).toBe(200);
      expect(resumed.body).toMatchObject({ status: 'pending', resume_count: 1, is_resumable: false });
      expect((await api.get(`/tasks/${job.task}/`)).body.status).toBe('pending');
      expect((await api.get(`${JOBS}resumable/`)).body.count).toBe(0);
      const notResumable = await api.post(`${JOBS}${job.id}/resume/`);
      expect(notResumable.status).toBe(400);
      expect(notResumable.body.error_code).toBe('JOB_NOT_RESUMABLE');

      const cancelled = await api.post<Job>(`${JOBS}${job.id}/cancel/`);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe('cancelled');
      expect(cancelled.body.completed_at).not.toBeNull();
      expect((await api.post(`${JOBS}${job.id}/cancel/`)).body.error_code).toBe('JOB_NOT_CANCELLABLE');
      expect((await api.post(`${JOBS}${job.id}/resume/`)).body.error_code).toBe('JOB_NOT_RESUMABLE');
      // The events of those changes arrive later and must not move the job back.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect((await api.get<Job>(`${JOBS}${job.id}/`)).body).toMatchObject({
        status: 'cancelled',
        resume_count: 1,
      });
    });
  });

  describe('access', () => {
    it('should refuse every route without a token', async () => {
      const job = await createJob();
      const routes: Array<[string, string]> = [
        ['GET', JOBS],
        ['POST', JOBS],
        ['GET', `${JOBS}resumable/`],
        ['GET', `${JOBS}${job.id}/`],
        ['POST', `${JOBS}${job.id}/pause/`],
        ['POST', `${JOBS}${job.id}/resume/`],
        ['POST', `${JOBS}${job.id}/cancel/`],
        ['GET', CHECKPOINTS],
        ['GET', `${CHECKPOINTS}1/`],
      ];
      for (const [method, path] of routes) {
        const res = await api.request(method, path, {
          anonymous: true,
          body: method === 'POST' ? { task_type: 'noop' } : undefined,
        });
        expect([method, path, res.status]).toEqual([method, path, 401]);
        expect(res.body.error_code).toBe('NOT_AUTHENTICATED');
      }
    });

    it('should refuse a brand the token does not grant, and a viewer any change', async () => {
      const job = await createJob();
      const foreign = await api.get(JOBS, {
        noBrand: true,
        headers: { 'x-brand-id': String(api.brandId + 1) },
      });
      expect(foreign.status).toBe(403);
      expect(foreign.body.error_code).toBe('BRAND_ACCESS_DENIED');
      const viewer = api.withRole('viewer');
      expect((await viewer.get(`${JOBS}${job.id}/`)).status).toBe(200);
      expect((await viewer.get(CHECKPOINTS)).status).toBe(200);
      for (const path of [
        JOBS,
        `${JOBS}${job.id}/pause/`,
        `${JOBS}${job.id}/resume/`,
        `${JOBS}${job.id}/cancel/`,
      ]) {
        const res = await viewer.post(path, path === JOBS ? { task_type: 'noop' } : undefined);
        expect([path, res.status, res.body.error_code]).toEqual([path, 403, 'PERMISSION_DENIED']);
      }
      expect((await api.get<Job>(`${JOBS}${job.id}/`)).body.status).toBe('pending');
    });

    it("should never show or touch another brand's jobs", async () => {
      const job = await createJob();
      const other = api.stranger();
      for (const [method, path] of [
        ['GET', `${JOBS}${job.id}/`],
        ['POST', `${JOBS}${job.id}/pause/`],
        ['POST', `${JOBS}${job.id}/resume/`],
        ['POST', `${JOBS}${job.id}/cancel/`],
      ]) {
        const res = await other.request(method, path);
        expect([path, res.status, res.body.error_code]).toEqual([path, 404, 'JOB_NOT_FOUND']);
      }
      expect((await other.get(JOBS)).body.count).toBe(0);
      expect((await other.get(`${JOBS}resumable/`)).body.count).toBe(0);
      expect((await other.get(`${CHECKPOINTS}?job=${job.id}`)).body.count).toBe(0);
      expect((await other.get(`/tasks/${job.task}/`)).status).toBe(404);
      await eventually(async () =>
        (await api.get<Job>(`${JOBS}${job.id}/`)).body.status === 'pending' ? true : undefined,
      );
    });
  });
});
