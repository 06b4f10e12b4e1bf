/** A checkpoint row as Postgres returns it (`state` is absent from list queries). */
export type CheckpointRow = {
  id: number | string;
  brand_id: number;
  job_id: number | string;
  sequence: number;
  task_pk: number | string;
  task_ref: string | null;
  attempt: number;
  worker_id: string;
  step: string | null;
  state?: Record<string, unknown>;
  progress: Record<string, unknown> | null;
  size_bytes: number;
  created_at: Date | string;
};
