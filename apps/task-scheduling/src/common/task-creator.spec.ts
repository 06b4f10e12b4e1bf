import { CoreSubject, ErrorCode } from '@app/contracts';
import { AppError, NatsBus } from '@app/platform';
import { TaskCreator, TaskToCreate } from './task-creator';

const owner = (brand: number) => ({
  brand_id: brand,
  brand_name: `brand-${brand}`,
  created_by_id: 7,
  created_by_username: 'owner',
});
const item = (brand: number, key: string, taskType = 'noop'): TaskToCreate => ({
  owner: owner(brand),
  task: { task_type: taskType, idempotency_key: key },
  origin: { is_periodic: true, periodic_task_id: Number(key.split(':')[1]) },
});

type Call = { subject: string; payload: any; at: number };

/** A task-core that answers like the real one, refusing task_type `bad` and failing when told to. */
function fakeBus(options: { down?: boolean } = {}) {
  const calls: Call[] = [];
  const toDto = (task: { idempotency_key: string }, brand: number) => ({
    task_id: `task_${task.idempotency_key}`,
    idempotency_key: task.idempotency_key,
    brand: { id: brand },
  });
  const bus = {
    request: jest.fn(async (subject: string, payload: any) => {
      calls.push({ subject, payload, at: performance.now() });
      if (options.down) throw new AppError(ErrorCode.ServiceUnavailable, 'task-core is unavailable');
      const tasks = subject === CoreSubject.TaskBulkCreate ? payload.body.tasks : [payload.task];
      if (tasks.some((t: { task_type: string }) => t.task_type === 'bad'))
        throw AppError.validation({ task_type: ['is bad'] });
      const dtos = tasks.map((t: { idempotency_key: string }) => toDto(t, payload.actor.brand_id));
      return subject === CoreSubject.TaskBulkCreate
        ? { created: dtos.length, results: dtos }
        : { created: true, task: dtos[0] };
    }),
  };
  return { creator: new TaskCreator(bus as unknown as NatsBus), calls };
}

describe(TaskCreator.name, () => {
  it('should create a pass of one owner with one bulk request carrying each origin', async () => {
    const { creator, calls } = fakeBus();
    const items = [item(1, 'periodic:1:a'), item(1, 'periodic:2:a'), item(1, 'periodic:3:a')];
    const creations = await creator.createMany(items);
    expect(calls).toHaveLength(1);
    expect(calls[0].subject).toBe(CoreSubject.TaskBulkCreate);
    expect(calls[0].payload.actor).toMatchObject({ brand_id: 1, user_id: 7, role: 'admin' });
    expect(calls[0].payload.origins).toEqual(items.map((i) => i.origin));
    expect(creations.map((c) => c.ok && c.task.idempotency_key)).toEqual(
      items.map((i) => i.task.idempotency_key),
    );
  });

  it('should send one request per brand and answer in the items order', async () => {
    const { creator, calls } = fakeBus();
    const items = [item(1, 'periodic:1:a'), item(2, 'periodic:2:a'), item(1, 'periodic:3:a')];
    const creations = await creator.createMany(items);
    expect(calls.map((c) => c.payload.actor.brand_id).sort()).toEqual([1, 2]);
    expect(creations.map((c) => c.ok && [c.task.brand.id, c.task.idempotency_key])).toEqual([
      [1, 'periodic:1:a'],
      [2, 'periodic:2:a'],
      [1, 'periodic:3:a'],
    ]);
  });

  it('should fail only the refused item, and still create the others of its request', async () => {
    const { creator, calls } = fakeBus();
    const creations = await creator.createMany([
      item(1, 'periodic:1:a'),
      item(1, 'periodic:2:a', 'bad'),
      item(1, 'periodic:3:a'),
    ]);
    expect(creations.map((c) => c.ok)).toEqual([true, false, true]);
    expect(creations[1]).toMatchObject({ ok: false, transient: false });
    expect((creations[1] as { error: string }).error).toContain(ErrorCode.ValidationFailed);
    // The bulk request, then each item on its own, origin included.
    expect(calls.map((c) => c.subject)).toEqual([
      CoreSubject.TaskBulkCreate,
      CoreSubject.TaskCreate,
      CoreSubject.TaskCreate,
      CoreSubject.TaskCreate,
    ]);
    expect(calls[1].payload.origin).toEqual({ is_periodic: true, periodic_task_id: 1 });
  });

  it('should mark every item transient, without retrying item by item, when task-core is down', async () => {
    const { creator, calls } = fakeBus({ down: true });
    const creations = await creator.createMany([item(1, 'periodic:1:a'), item(1, 'periodic:2:a')]);
    expect(creations.every((c) => !c.ok && c.transient)).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it('should send the instant as not_before while it is ahead, and not once it has passed', async () => {
    const { creator, calls } = fakeBus();
    const at = new Date('2026-11-29T05:00:01.000Z');
    await creator.createMany([item(1, 'periodic:1:a')], { notBefore: { at, msLeft: () => 80 } });
    await creator.createMany([item(1, 'periodic:1:b')], { notBefore: { at, msLeft: () => -5 } });
    expect(calls.map((c) => c.payload.not_before)).toEqual([at.toISOString(), undefined]);
  });

  it('should wait for the instant before retrying a refused request item by item', async () => {
    const { creator, calls } = fakeBus();
    const instantAt = performance.now() + 60;
    const creations = await creator.createMany([item(1, 'periodic:1:a'), item(1, 'periodic:2:a', 'bad')], {
      notBefore: { at: new Date(), msLeft: () => instantAt - performance.now() },
    });
    expect(creations.map((c) => c.ok)).toEqual([true, false]);
    // Single creates carry no not_before: they may only go once the instant has come.
    expect(calls.map((c) => c.subject)).toEqual([
      CoreSubject.TaskBulkCreate,
      CoreSubject.TaskCreate,
      CoreSubject.TaskCreate,
    ]);
    expect(calls[0].at).toBeLessThan(instantAt);
    expect(Math.min(calls[1].at, calls[2].at)).toBeGreaterThanOrEqual(instantAt);
  });

  it('should send nothing for no items', async () => {
    const { creator, calls } = fakeBus();
    expect(await creator.createMany([])).toEqual([]);
    expect(calls).toHaveLength(0);
  });
});
