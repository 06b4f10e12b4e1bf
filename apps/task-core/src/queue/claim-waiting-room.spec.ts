import { ClaimedTask, ClaimWorkRequest } from '@app/contracts';
import { ClaimWaitingRoom } from './claim-waiting-room';

function request(over: Partial<ClaimWorkRequest> = {}): ClaimWorkRequest {
  return { worker_id: 'w1', queues: ['default'], task_types: [], max: 4, wait_ms: 60_000, ...over };
}

function task(id: number): ClaimedTask {
  return { id } as ClaimedTask;
}

/** A claimer over an in-memory list of runnable task ids (what the claim statement would find). */
function queueOf(ids: number[]) {
  const claims: string[] = [];
  return {
    claims,
    claim: async (r: ClaimWorkRequest) => {
      claims.push(r.worker_id);
      return ids.splice(0, r.max).map(task);
    },
  };
}

describe(ClaimWaitingRoom.name, () => {
  let room: ClaimWaitingRoom;

  beforeEach(() => {
    room = new ClaimWaitingRoom();
  });

  afterEach(() => room.onApplicationShutdown());

  it('should answer a waiting claim with the work an offer brings', async () => {
    const queue = queueOf([]);
    const waiting = room.wait(request(), queue.claim, room.offerCount);
    const later = queueOf([7, 8]);
    room.offer('default', ['noop'], later.claim);
    await expect(waiting).resolves.toEqual([task(7), task(8)]);
    expect(room.size).toBe(0);
  });

  it('should serve waiters in arrival order and leave the others waiting when the work runs out', async () => {
    const first = room.wait(request({ worker_id: 'a', max: 1 }), queueOf([]).claim, room.offerCount);
    const second = room.wait(request({ worker_id: 'b', max: 1 }), queueOf([]).claim, room.offerCount);
    const work = queueOf([1]);
    room.offer('default', [], work.claim);
    await expect(first).resolves.toEqual([task(1)]);
    expect(room.size).toBe(1);
    room.unpark('b');
    await expect(second).resolves.toEqual([]);
  });

  it('should not offer work of another queue or of task types the worker does not handle', async () => {
    const waiting = room.wait(request({ task_types: ['sleep'] }), queueOf([]).claim, room.offerCount);
    const work = queueOf([1]);
    room.offer('other', [], work.claim);
    room.offer('default', ['noop'], work.claim);
    expect(work.claims).toEqual([]);
    room.offer('default', ['sleep'], work.claim);
    await expect(waiting).resolves.toEqual([task(1)]);
  });

  it('should claim at once for a waiter when work was offered while its first claim looked', async () => {
    const seen = room.offerCount;
    room.offer('default', [], queueOf([]).claim); // committed between the empty claim and the wait
    await expect(room.wait(request(), queueOf([5]).claim, seen)).resolves.toEqual([task(5)]);
  });

  it('should answer an expired wait with what a claim running for it took, never leasing tasks unseen', async () => {
    let release!: (tasks: ClaimedTask[]) => void;
    const slow = () => new Promise<ClaimedTask[]>((resolve) => (release = resolve));
    const waiting = room.wait(request(), slow, room.offerCount);
    room.offer('default', [], slow);
    room.unpark('w1'); // the wait ends while the claim runs
    release([task(3)]);
    await expect(waiting).resolves.toEqual([task(3)]);
  });

  it('should answer an empty wait when it times out or task-core stops', async () => {
    await expect(room.wait(request({ wait_ms: 5 }), queueOf([]).claim, room.offerCount)).resolves.toEqual([]);
    const waiting = room.wait(request(), queueOf([]).claim, room.offerCount);
    room.onApplicationShutdown();
    await expect(waiting).resolves.toEqual([]);
  });
});
