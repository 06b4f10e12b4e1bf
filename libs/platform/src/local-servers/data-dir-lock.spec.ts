import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataDirLock } from './data-dir-lock';

describe(DataDirLock.name, () => {
  let dir: string;

  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'megahub-lock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should be taken, publish its URLs, and be released', () => {
    const lock = new DataDirLock(dir);
    lock.acquire();
    lock.publish({ DATABASE_URL: 'postgres://x' });
    // This process is the holder: a holder is another live process.
    expect(lock.holder()).toBeUndefined();
    lock.release();
    lock.acquire();
  });

  it('should refuse a second launcher while the first one lives, naming it', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => other.once('spawn', resolve));
      writeFileSync(
        path.join(dir, 'launcher.json'),
        JSON.stringify({ pid: other.pid, started_at: 'then', urls: { NATS_URL: 'nats://127.0.0.1:1' } }),
      );
      expect(new DataDirLock(dir).holder()).toEqual({
        pid: other.pid,
        started_at: 'then',
        urls: { NATS_URL: 'nats://127.0.0.1:1' },
      });
      expect(() => new DataDirLock(dir).acquire()).toThrow(
        `is in use by another npm start (pid ${other.pid}`,
      );
    } finally {
      other.kill('SIGKILL');
      await new Promise((resolve) => other.once('exit', resolve));
    }
    // Its holder is gone: the lock is stale and taken over.
    expect(new DataDirLock(dir).holder()).toBeUndefined();
    expect(() => new DataDirLock(dir).acquire()).not.toThrow();
  });
});
