import { Actor, CoreSubject, CreateTaskResponse, FenceResponse, TaskDto } from '@app/contracts';
import { NatsBus } from '@app/platform';
import { onBehalfOf } from '@app/tenancy';
import { Injectable } from '@nestjs/common';
import { JobRow } from './job.row';

/** Shorter than the gateway's own timeout, so a slow task-core still leaves time to answer the client. */
const CREATE_TIMEOUT_MS = 3000;

/** task-persistence's calls to task-core: the job's task is the unit task-core queues and runs. */
@Injectable()
export class CoreTaskClient {
  constructor(private readonly bus: NatsBus) {}

  /** Creates the job's resumable task; repeating it returns the same task (idempotency key). */
  createTask(job: JobRow): Promise<CreateTaskResponse> {
    return this.bus.request(
      CoreSubject.TaskCreate,
      {
        actor: actorOf(job),
        task: {
          task_type: job.task_type,
          description: job.description,
          context_data: job.context_data,
          priority: job.priority as TaskDto['priority'],
          queue: job.queue,
          max_retries: job.max_retries,
          timeout_seconds: job.timeout_seconds ?? undefined,
          is_resumable: true,
          tags: job.tags,
          idempotency_key: job.task_idempotency_key,
        },
        origin: { persistent_job_id: Number(job.id) },
      },
      { timeoutMs: CREATE_TIMEOUT_MS },
    );
  }

  pause(job: JobRow): Promise<TaskDto> {
    return this.bus.request(CoreSubject.TaskPause, { actor: actorOf(job), ref: String(job.task_pk) });
  }

  resume(job: JobRow): Promise<TaskDto> {
    return this.bus.request(CoreSubject.TaskResume, { actor: actorOf(job), ref: String(job.task_pk) });
  }

  cancel(job: JobRow): Promise<TaskDto> {
    return this.bus.request(CoreSubject.TaskCancel, { actor: actorOf(job), ref: String(job.task_pk) });
  }

  fence(taskId: number, attempt: number, workerId: string): Promise<FenceResponse> {
    return this.bus.request(CoreSubject.WorkFence, { id: taskId, attempt, worker_id: workerId });
  }
}

/**
 * task-persistence acts on the job's task on behalf of the job's brand and creator: the REST caller was
 * already checked by the gateway, and system paths (reconciler, automatic resume) have no caller.
 */
function actorOf(job: JobRow): Actor {
  return onBehalfOf(job, 'editor');
}
