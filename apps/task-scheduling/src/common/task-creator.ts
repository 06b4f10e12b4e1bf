import { Actor, CoreSubject, CreateTaskBody, CreateTaskResponse, TaskOrigin } from '@app/contracts';
import { NatsBus } from '@app/platform';
import { Injectable } from '@nestjs/common';

/** Who a schedule acts as: its brand, and the user who created it, with the rights to create tasks. */
export type ScheduleOwner = {
  brand_id: number;
  brand_name: string;
  created_by_id: number;
  created_by_username: string;
};

export function systemActor(owner: ScheduleOwner): Actor {
  return {
    brand_id: owner.brand_id,
    brand_name: owner.brand_name,
    user_id: owner.created_by_id,
    username: owner.created_by_username,
    role: 'admin',
  };
}

/**
 * Creates tasks through task-core, never in its tables. Every scheduled creation carries an idempotency
 * key naming the schedule and the instant, so a retry after a crash returns the task already created.
 */
@Injectable()
export class TaskCreator {
  constructor(private readonly bus: NatsBus) {}

  create(
    owner: ScheduleOwner,
    task: CreateTaskBody & { idempotency_key: string },
    origin?: TaskOrigin,
  ): Promise<CreateTaskResponse> {
    return this.bus.request(CoreSubject.TaskCreate, { actor: systemActor(owner), task, origin });
  }
}
