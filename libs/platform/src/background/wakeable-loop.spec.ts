import { WakeableLoop } from './wakeable-loop';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(WakeableLoop.name, () => {
  it('should run a pass at start, then sleep until the interval or a notify', async () => {
    let passes = 0;
    const loop = new WakeableLoop('test-loop', async () => passes++, 60_000);
    loop.start();
    await tick(20);
    expect(passes).toBe(1);
    loop.notify();
    await tick(20);
    expect(passes).toBe(2);
    await loop.stop();
    expect(loop.isRunning).toBe(false);
  });

  it('should run again at once when notified during a pass', async () => {
    let passes = 0;
    let loop: WakeableLoop | undefined = undefined;
    loop = new WakeableLoop('test-loop', async () => {
      passes++;
      if (passes === 1) loop!.notify();
    }, 60_000);
    loop.start();
    await tick(20);
    expect(passes).toBe(2);
    await loop.stop();
  });

  it('should keep looping after a failed pass, at the interval', async () => {
    let passes = 0;
    const loop = new WakeableLoop('test-loop', async () => {
      passes++;
      throw new Error('database down');
    }, 10);
    loop.start();
    await tick(100);
    await loop.stop();
    expect(passes).toBeGreaterThan(3);
  });

  it('should wait for the pass in progress when stopped', async () => {
    let finished = false;
    const loop = new WakeableLoop('test-loop', async () => {
      await tick(30);
      finished = true;
    }, 60_000);
    loop.start();
    await loop.stop();
    expect(finished).toBe(true);
  });

  it('should sleep before its first pass when asked to, and still wake on notify', async () => {
    let passes = 0;
    const loop = new WakeableLoop('test-loop', async () => passes++, 60_000, 'after-idle');
    loop.start();
    await tick(20);
    expect(passes).toBe(0);
    loop.notify();
    await tick(20);
    expect(passes).toBe(1);
    await loop.stop();
  });
});
