import { ReportWorkRequest, TaskReport } from '@app/contracts';
import { ReportBatcher } from './report-batcher';
import { ServiceClient } from './service-client';

/** A stand-in for task-core's report handler that records each batch it receives. */
function fakeClient(behaviour: (request: ReportWorkRequest) => Promise<unknown>) {
  const batches: TaskReport[][] = [];
  const client = {
    request: async (_subject: string, request: ReportWorkRequest) => {
      batches.push(request.reports);
      return behaviour(request);
    },
  } as unknown as ServiceClient;
  return { client, batches };
}

const accepted = async (r: ReportWorkRequest) => ({ outcomes: r.reports.map((x) => ({ id: x.id, accepted: true })) });

describe(ReportBatcher.name, () => {
  const options = { workerId: 'w', flushMs: 5, progressIntervalMs: 50, maxBatch: 100, onOutcome: () => undefined, onError: () => undefined };

  it('should send finishing reports of many attempts in one batch', async () => {
    const { client, batches } = fakeClient(accepted);
    const batcher = new ReportBatcher(client, options);
    for (let id = 1; id <= 5; id++) batcher.report({ id, attempt: 1, kind: 'completed' });
    await batcher.flushAll(Date.now() + 1000);
    expect(batches).toHaveLength(1);
    expect(batches[0].map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('should keep only the latest progress of an attempt, and fold it into the outcome once the attempt finished', async () => {
    const { client, batches } = fakeClient(accepted);
    const batcher = new ReportBatcher(client, options);
    batcher.report({ id: 1, attempt: 1, kind: 'progress', progress: 10 });
    batcher.report({ id: 1, attempt: 1, kind: 'progress', progress: 20 });
    batcher.report({ id: 2, attempt: 1, kind: 'progress', progress: 5, message: 'keyword 14 analysed' });
    batcher.report({ id: 2, attempt: 1, kind: 'completed' });
    await batcher.flushAll(Date.now() + 1000);
    const sent = batches.flat();
    expect(sent.filter((r) => r.id === 1)).toEqual([{ id: 1, attempt: 1, kind: 'progress', progress: 20 }]);
    // The last message the handler reported survives a completion that follows it closely.
    expect(sent.filter((r) => r.id === 2)).toEqual([{ id: 2, attempt: 1, kind: 'completed', progress: 5, message: 'keyword 14 analysed' }]);
  });

  it('should retry finishing reports until task-core answers', async () => {
    let calls = 0;
    const { client, batches } = fakeClient(async (r) => {
      calls++;
      if (calls < 3) throw new Error('core down');
      return accepted(r);
    });
    const outcomes: number[] = [];
    const batcher = new ReportBatcher(client, { ...options, onOutcome: (o) => outcomes.push(o.id) });
    batcher.report({ id: 9, attempt: 1, kind: 'failed', error: { message: 'x', type: 'Error' } });
    await batcher.flushAll(Date.now() + 5000);
    expect(batches).toHaveLength(3);
    expect(outcomes).toEqual([9]);
    expect(batcher.pending).toBe(0);
  });

  it('should list a finished attempt as unsettled until task-core acknowledged its report', async () => {
    let up = false;
    const { client } = fakeClient(async (r) => {
      if (!up) throw new Error('core down');
      return accepted(r);
    });
    const batcher = new ReportBatcher(client, options);
    batcher.report({ id: 3, attempt: 2, kind: 'progress', progress: 50 });
    expect(batcher.unsettled).toEqual([]);
    batcher.report({ id: 3, attempt: 2, kind: 'completed' });
    await batcher.flushAll(Date.now() + 300);
    // Still unacknowledged after failed sends: its lease must still be renewed.
    expect(batcher.unsettled).toEqual([{ id: 3, attempt: 2 }]);
    up = true;
    await batcher.flushAll(Date.now() + 5000);
    expect(batcher.unsettled).toEqual([]);
  });
});
