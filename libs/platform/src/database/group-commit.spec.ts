import { GroupCommit } from './group-commit';

/** A write whose completion the test controls: each call waits for `finish(n)`. */
function controlledWrite() {
  const calls: Array<{ items: number[]; finish: (error?: Error) => void }> = [];
  const write = (items: number[]) =>
    new Promise<number[]>((resolve, reject) => {
      calls.push({ items, finish: (error) => (error ? reject(error) : resolve(items.map((i) => i * 10))) });
    });
  return { calls, write };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe(GroupCommit.name, () => {
  it('should write a lone submission at once, without waiting for company', async () => {
    const { calls, write } = controlledWrite();
    const group = new GroupCommit(write, 100);
    const answer = group.submit([1]);
    expect(calls.map((c) => c.items)).toEqual([[1]]);
    calls[0].finish();
    await expect(answer).resolves.toEqual([10]);
  });

  it('should write what arrived during a write as one group, each caller answered after it', async () => {
    const { calls, write } = controlledWrite();
    const group = new GroupCommit(write, 100);
    const first = group.submit([1]);
    const second = group.submit([2]);
    const third = group.submit([3, 4]);
    expect(calls).toHaveLength(1);
    let secondDone = false;
    void second.then(() => (secondDone = true));
    calls[0].finish();
    await expect(first).resolves.toEqual([10]);
    await flush();
    expect(calls.map((c) => c.items)).toEqual([[1], [2, 3, 4]]);
    expect(secondDone).toBe(false);
    calls[1].finish();
    await expect(second).resolves.toEqual([20, 30, 40]);
    await expect(third).resolves.toEqual([20, 30, 40]);
  });

  it('should never put more than maxItems in one write, nor split a submission', async () => {
    const { calls, write } = controlledWrite();
    const group = new GroupCommit(write, 3);
    const answers = [
      group.submit([1]),
      group.submit([2, 3]),
      group.submit([4, 5]),
      group.submit([6, 7, 8, 9]),
    ];
    calls[0].finish();
    await flush();
    calls[1].finish();
    await flush();
    calls[2].finish();
    await flush();
    calls[3].finish();
    await Promise.all(answers);
    expect(calls.map((c) => c.items)).toEqual([[1], [2, 3], [4, 5], [6, 7, 8, 9]]);
  });

  it('should write each caller alone when a shared write fails, so that only the bad one fails', async () => {
    const { calls, write } = controlledWrite();
    const group = new GroupCommit(write, 100);
    const first = group.submit([1]);
    const good = group.submit([2]);
    const bad = group.submit([3]);
    calls[0].finish();
    await first;
    await flush();
    calls[1].finish(new Error('value out of range'));
    await flush();
    expect(calls.slice(2).map((c) => c.items)).toEqual([[2], [3]]);
    calls[2].finish();
    calls[3].finish(new Error('value out of range'));
    await expect(good).resolves.toEqual([20]);
    await expect(bad).rejects.toThrow('value out of range');
  });

  it('should keep writing after a failed lone write', async () => {
    const { calls, write } = controlledWrite();
    const group = new GroupCommit(write, 100);
    const failed = group.submit([1]);
    calls[0].finish(new Error('connection lost'));
    await expect(failed).rejects.toThrow('connection lost');
    const next = group.submit([2]);
    calls[1].finish();
    await expect(next).resolves.toEqual([20]);
  });
});
