// Worker liveness and alert webhooks, on a deployment of their own: short liveness thresholds (seconds,
// not the production minute) and webhooks allowed to loopback, where this test listens.
import { ApiClient, AppProcess, eventually, TestStack } from '@app/testing';
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

const WEBHOOK_SECRET = `test-webhook-secret-${randomBytes(8).toString('hex')}`;
const RULES = '/tasks/monitoring/alert-rules/';

type Received = { headers: Record<string, string | string[] | undefined>; body: string; json: any };

/** A webhook receiver on loopback; `answer` decides each response's status. */
class Receiver {
  readonly received: Received[] = [];
  answer: (n: number) => number = () => 200;
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        this.received.push({ headers: req.headers, body, json: JSON.parse(body) });
        res.statusCode = this.answer(this.received.length);
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function signatureOf(received: Received): string {
  const timestamp = received.headers['x-megahub-timestamp'] as string;
  return `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(`${timestamp}.${received.body}`).digest('hex')}`;
}

describe('worker liveness and alert webhooks (own deployment, short thresholds)', () => {
  let stack: TestStack;
  const workers: AppProcess[] = [];
  let receiver: Receiver;
  let hookUrl: string;
  let api: ApiClient;

  beforeAll(async () => {
    stack = await TestStack.create({
      apps: [],
      env: {
        WORKER_STALE_SECONDS: '3',
        WORKER_OFFLINE_SECONDS: '8',
        ALERT_WEBHOOK_ALLOW_PRIVATE: 'true',
        ALERT_WEBHOOK_SECRET: WEBHOOK_SECRET,
        ALERT_TICK_MS: '250',
        LEASE_SECONDS: '6',
        SWEEP_INTERVAL_MS: '500',
        WORKER_LEASE_SECONDS: '6',
        WORKER_HEARTBEAT_MS: '1000',
      },
    });
    // Startup is slow on a busy machine: wait longer than the harness's default.
    const services = await Promise.all((['task-core', 'task-monitoring'] as const).map((app) => stack.startApp(app, { waitReady: false })));
    await Promise.all(services.map((s) => s.waitReady(120_000)));
    // The gateway's readiness needs all four services; this deployment has two, so wait for liveness.
    await stack.startApp('gateway', { env: { GATEWAY_PORT: new URL(stack.info.gatewayUrl).port }, waitReady: false });
    await eventually(
      () => fetch(`${stack.info.gatewayUrl}/health/live`).then((r) => (r.ok ? true : undefined), () => undefined),
      { timeoutMs: 120_000, intervalMs: 250, what: 'the gateway' },
    );
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
  });

  beforeEach(async () => {
    api = ApiClient.forNewBrand(stack.info.gatewayUrl, 'admin');
    receiver = new Receiver();
    hookUrl = await receiver.start();
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.kill()));
    await receiver.stop();
  });

  async function startWorker(env: Record<string, string> = {}): Promise<AppProcess> {
    const worker = await stack.startApp('worker', { env: { WORKER_QUEUES: `q-${randomBytes(3).toString('hex')}`, WORKER_CONCURRENCY: '2', ...env } });
    workers.push(worker);
    return worker;
  }

  async function onlyWorker(): Promise<{ id: string; status: string }> {
    return eventually(async () => {
      const res = await api.get('/tasks/monitoring/workers/?status=online');
      return res.body.count === 1 ? res.body.results[0] : undefined;
    }, { timeoutMs: 20_000, what: 'one online worker' });
  }

  async function statusOf(workerId: string, status: string, timeoutMs: number): Promise<void> {
    await eventually(async () => ((await api.get(`/tasks/monitoring/workers/${workerId}/`)).body.status === status ? true : undefined), {
      timeoutMs,
      intervalMs: 200,
      what: `worker ${workerId} to be ${status}`,
    });
  }

  it('should see a killed worker turn stale then offline, alert through a signed webhook, and resolve when a worker is back', async () => {
    const first = await startWorker();
    const worker = await onlyWorker();
    const rule = await api.post(RULES, {
      name: 'no worker for noop',
      metric: 'workers_online',
      operator: 'lt',
      threshold: 1,
      task_type: 'noop',
      severity: 'critical',
      cooldown_minutes: 0,
      evaluation_interval_seconds: 5,
      webhook_url: hookUrl,
    });
    expect(rule.status).toBe(201);
    await eventually(async () => ((await api.get(`${RULES}${rule.body.id}/`)).body.state === 'ok' ? true : undefined));

    const killedAt = Date.now();
    await first.kill();
    await statusOf(worker.id, 'stale', 10_000);
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(2000);
    await statusOf(worker.id, 'offline', 15_000);
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(7000);
    const overview = (await api.get('/tasks/monitoring/workers/overview/')).body;
    expect(overview).toMatchObject({ totals: { online: 0, offline: 1 }, thresholds: { stale_after_seconds: 3, offline_after_seconds: 8 } });

    const triggered = await eventually(async () => receiver.received.find((r) => r.json.event === 'monitoring.alert.triggered'), {
      timeoutMs: 20_000,
      what: 'the triggered webhook',
    });
    expect(triggered.headers['x-megahub-signature']).toBe(signatureOf(triggered));
    expect(triggered.headers['x-megahub-event']).toBe('monitoring.alert.triggered');
    expect(Math.abs(Number(triggered.headers['x-megahub-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(triggered.json).toMatchObject({
      event: 'monitoring.alert.triggered',
      brand_id: api.brandId,
      alert: { rule: { id: rule.body.id }, metric: 'workers_online', status: 'active', value: 0, severity: 'critical' },
    });

    await startWorker();
    const resolved = await eventually(async () => receiver.received.find((r) => r.json.event === 'monitoring.alert.resolved'), {
      timeoutMs: 30_000,
      what: 'the resolved webhook',
    });
    expect(resolved.headers['x-megahub-signature']).toBe(signatureOf(resolved));
    expect(resolved.json.alert).toMatchObject({ id: triggered.json.alert.id, status: 'resolved', resolution: 'auto', current_value: 1 });
    const detail = (await api.get(`/tasks/monitoring/alerts/${triggered.json.alert.id}/`)).body;
    expect(detail.webhook_deliveries).toEqual([
      expect.objectContaining({ event: 'monitoring.alert.triggered', status: 'delivered', attempts: 1, last_status_code: 200 }),
      expect.objectContaining({ event: 'monitoring.alert.resolved', status: 'delivered', attempts: 1, last_status_code: 200 }),
    ]);
  });

  it('should retry a webhook the receiver answers with 5xx, and give up at once on a 4xx', async () => {
    receiver.answer = (n) => (n === 1 ? 503 : 200);
    const queue = `parked-${randomBytes(3).toString('hex')}`;
    await api.post('/tasks/', { task_type: 'parked.work', queue });
    await api.post(RULES, {
      name: 'parked',
      metric: 'queue_depth',
      operator: 'gte',
      threshold: 1,
      task_type: 'parked.work',
      cooldown_minutes: 0,
      evaluation_interval_seconds: 5,
      webhook_url: hookUrl,
    });
    const alert = await eventually(async () => (await api.get('/tasks/monitoring/alerts/')).body.results[0], { what: 'the alert' });
    const delivery = await eventually(
      async () => {
        const [d] = (await api.get(`/tasks/monitoring/alerts/${alert.id}/`)).body.webhook_deliveries;
        return d?.status === 'delivered' ? d : undefined;
      },
      { timeoutMs: 30_000, what: 'the delivery after a retry' },
    );
    expect(delivery).toMatchObject({ attempts: 2, last_status_code: 200, last_error: null });
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0].headers['x-megahub-delivery']).toBe(receiver.received[1].headers['x-megahub-delivery']);

    receiver.answer = () => 410;
    const gone = await api.post(RULES, {
      name: 'parked again',
      metric: 'queue_depth',
      operator: 'gte',
      threshold: 1,
      task_type: 'parked.work',
      cooldown_minutes: 0,
      evaluation_interval_seconds: 5,
      webhook_url: hookUrl,
    });
    const second = await eventually(
      async () => (await api.get(`/tasks/monitoring/alerts/?rule=${gone.body.id}`)).body.results[0],
      { what: 'the second alert' },
    );
    const failed = await eventually(
      async () => {
        const [d] = (await api.get(`/tasks/monitoring/alerts/${second.id}/`)).body.webhook_deliveries;
        return d?.status === 'failed' ? d : undefined;
      },
      { timeoutMs: 20_000, what: 'the delivery to fail' },
    );
    expect(failed).toMatchObject({ attempts: 1, last_status_code: 410, last_error: 'HTTP 410', next_attempt_at: null });
  });

  it('should count a running attempt whose worker stopped heartbeating as stalled', async () => {
    // A long lease keeps the attempt running in task-core after its worker dies.
    const worker = await startWorker({ WORKER_LEASE_SECONDS: '120', WORKER_QUEUES: 'stall-q' });
    const task = (await api.post('/tasks/', { task_type: 'sleep', queue: 'stall-q', context_data: { ms: 60_000 } })).body;
    await eventually(async () => ((await api.get(`/tasks/${task.id}/`)).body.status === 'running' ? true : undefined));
    const rule = await api.post(RULES, {
      name: 'stalled',
      metric: 'stalled_tasks',
      operator: 'gte',
      threshold: 1,
      window_minutes: 60,
      cooldown_minutes: 0,
      evaluation_interval_seconds: 5,
    });
    await eventually(async () => ((await api.get(`${RULES}${rule.body.id}/`)).body.state === 'ok' ? true : undefined), {
      what: 'a first evaluation with a live worker',
    });
    await worker.kill();
    const alert = await eventually(async () => (await api.get('/tasks/monitoring/alerts/')).body.results[0], {
      timeoutMs: 20_000,
      what: 'the stalled-task alert',
    });
    expect(alert).toMatchObject({ metric: 'stalled_tasks', value: 1, status: 'active' });
    const running = (await api.get(`/tasks/monitoring/metrics/?task_id=${task.task_id}`)).body.results;
    expect(running).toEqual([expect.objectContaining({ status: 'running', worker: expect.any(String) })]);
  });
});
