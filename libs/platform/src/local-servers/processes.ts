import { spawn, spawnSync } from 'node:child_process';
import { chownSync } from 'node:fs';

/** Postgres refuses to run as root: as root, its tools run as the `postgres` OS user (Debian's). */
export const RUNNING_AS_ROOT = process.getuid?.() === 0;
const POSTGRES_OS_USER = 'postgres';

export type RunResult = { code: number | null; output: string };

/** Runs a command to its end and returns its exit code and output (stdout and stderr together). */
export function run(
  file: string,
  args: string[],
  options: { asPostgresUser?: boolean; cwd?: string } = {},
): Promise<RunResult> {
  const [command, argv] =
    options.asPostgresUser && RUNNING_AS_ROOT
      ? ['runuser', ['-u', POSTGRES_OS_USER, '--', file, ...args]]
      : [file, args];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

/** As root, hands a directory to the `postgres` OS user, which Postgres will run as. */
export function giveToPostgresUser(dir: string): void {
  if (!RUNNING_AS_ROOT) return;
  const id = (flag: string) =>
    Number(spawnSync('id', [flag, POSTGRES_OS_USER], { encoding: 'utf8' }).stdout.trim());
  const [uid, gid] = [id('-u'), id('-g')];
  if (!Number.isInteger(uid) || uid <= 0) {
    throw new Error(
      `Postgres refuses to run as root and there is no "${POSTGRES_OS_USER}" OS user to run it as: run npm start as a normal user`,
    );
  }
  chownSync(dir, uid, gid);
  // Its parent folders must let that user through (a 0700 home or mkdtemp folder does not).
  if (spawnSync('runuser', ['-u', POSTGRES_OS_USER, '--', 'test', '-r', dir]).status !== 0) {
    throw new Error(
      `the "${POSTGRES_OS_USER}" OS user, which Postgres runs as under root, cannot reach ${dir}: ` +
        'make its parent folders traversable (chmod o+x) or set MEGAHUB_DATA_DIR elsewhere',
    );
  }
}

/** Whether a process of this pid exists (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command name of a running process (`ps`, on Linux and macOS alike), or undefined when gone. */
export function commandOf(pid: number): string | undefined {
  const result = spawnSync('ps', ['-o', 'comm=', '-p', String(pid)], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** Resolves once `condition` holds, checking every `everyMs`; rejects with `describe()` after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  options: { timeoutMs: number; everyMs?: number; what: string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`${options.what} did not happen within ${options.timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 100));
  }
}
