import { ApiClient } from '@app/testing';
import { sharedStack } from './stack-file';

const stack = sharedStack();
// Under the 256 KiB context_data limit, and five of them are over NATS's default 1 MiB max_payload.
const BLOB = 'a'.repeat(200 * 1024);

describe('requests and answers larger than one NATS message', () => {
  let api: ApiClient;
  const queue = `big-${Date.now()}`;

  beforeAll(async () => {
    api = ApiClient.forNewBrand(stack.info.gatewayUrl, 'admin');
    for (let i = 0; i < 6; i++) {
      expect((await api.post('/tasks/', { task_type: 'noop', queue, context_data: { blob: BLOB, i } })).status).toBe(201);
    }
  });

  it('should answer 413 at once to a bulk create the services cannot receive, and create nothing', async () => {
    const started = Date.now();
    const tasks = Array.from({ length: 8 }, (_, i) => ({ task_type: 'noop', queue: `${queue}-bulk`, context_data: { blob: BLOB, i } }));
    const res = await api.post('/tasks/bulk/', { tasks });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error_code: 'PAYLOAD_TOO_LARGE', detail: expect.stringContaining('fewer or smaller tasks') });
    expect(Date.now() - started).toBeLessThan(3000);
    expect((await api.get(`/tasks/?queue=${queue}-bulk`)).body.count).toBe(0);
    // A bulk that fits is still accepted.
    expect((await api.post('/tasks/bulk/', { tasks: tasks.slice(0, 2) })).status).toBe(201);
  });

  it('should answer 422 RESPONSE_TOO_LARGE at once to a page too large to send, and serve smaller pages', async () => {
    const started = Date.now();
    const res = await api.get(`/tasks/?queue=${queue}&page_size=6`);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error_code: 'RESPONSE_TOO_LARGE', detail: expect.stringContaining('page_size') });
    expect(Date.now() - started).toBeLessThan(3000);
    const page = await api.get(`/tasks/?queue=${queue}&page_size=2`);
    expect(page.status).toBe(200);
    expect(page.body.count).toBe(6);
    expect(page.body.results).toHaveLength(2);
  });
});
