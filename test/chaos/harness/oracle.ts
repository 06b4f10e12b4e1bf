import { Client, QueryResultRow } from 'pg';

export type TaskState = { id: number; status: string; attempts: number; worker_id: string | null; completed_at: Date | null };

const TERMINAL = ['completed', 'failed', 'cancelled'];

/** How long the oracle lets a backlog drain after the load stopped before it counts what is left as lost. */
export const DRAIN_TIMEOUT_MS = 240_000;

/** One query on a fresh connection: survives the database having restarted since the last one. */
export async function query<T extends QueryResultRow>(databaseUrl: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function taskStates(databaseUrl: string, ids: Iterable<number>): Promise<Map<number, TaskState>> {
  const rows = await query<TaskState>(
    databaseUrl,
    `SELECT id::int AS id, status, attempts, worker_id, completed_at FROM task_core.task WHERE id = ANY($1::bigint[])`,
    [[...ids]],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Waits until every accepted task is in a terminal state (or the timeout passes: what is left is then
 * reported as lost, not hidden), and returns their states.
 */
export async function waitDrained(databaseUrl: string, ids: Set<number>, timeoutMs: number): Promise<Map<number, TaskState>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await taskStates(databaseUrl, ids).catch(() => undefined);
    if (states && [...ids].every((id) => TERMINAL.includes(states.get(id)?.status ?? ''))) return states;
    if (Date.now() > deadline) return states ?? new Map();
    await new Promise((r) => setTimeout(r, 500));
  }
}

export type Tally = {
  accepted: number;
  completed: number;
  lost: number;
  duplicated_executions: number;
  /** Accepted ids with no row at all, not terminal, or terminal but not completed. */
  missing: number[];
  stuck: number[];
  failed: number[];
  /** How many tasks ran more than once. */
  tasks_rerun: number;
  max_attempts: number;
};

export function tally(accepted: Set<number>, states: Map<number, TaskState>): Tally {
  const missing: number[] = [];
  const stuck: number[] = [];
  const failed: number[] = [];
  let completed = 0;
  let duplicated = 0;
  let rerun = 0;
  let maxAttempts = 0;
  for (const id of accepted) {
    const state = states.get(id);
    if (!state) {
      missing.push(id);
      continue;
    }
    if (state.status === 'completed') completed++;
    else if (TERMINAL.includes(state.status)) failed.push(id);
    else stuck.push(id);
    duplicated += Math.max(0, state.attempts - 1);
    if (state.attempts > 1) rerun++;
    maxAttempts = Math.max(maxAttempts, state.attempts);
  }
  return {
    accepted: accepted.size,
    completed,
    lost: accepted.size - completed,
    duplicated_executions: duplicated,
    missing,
    stuck,
    failed,
    tasks_rerun: rerun,
    max_attempts: maxAttempts,
  };
}
