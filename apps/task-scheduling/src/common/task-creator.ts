import { Actor, CoreSubject, CreateTaskBody, CreateTaskResponse, TaskDto, TaskOrigin } from '@app/contracts';
import { NatsBus } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { errorMessage, isTransient } from '../firing/fire-errors';
import { bulkChunks } from './bulk-chunks';
import { mapLimit } from './map-limit';

/** Who a schedule acts as: its brand, and the user who created it, with the rights to create tasks. */
export type ScheduleOwner = {
  brand_id: number;
  brand_name: string;
  created_by_id: number;
  created_by_username: string;
};

/** One task a firing pass wants: for whom, what (keyed by schedule and instant), and where it comes from. */
export type TaskToCreate = {
  owner: ScheduleOwner;
  task: CreateTaskBody & { idempotency_key: string };
  origin?: TaskOrigin;
};

/** task-core's answer for one item: its task, or why not (a transient failure is retried next pass). */
export type Creation =
  { ok: true; task: TaskDto } | { ok: false; transient: boolean; error: string; cause: unknown };

/**
 * The instant a pass's tasks may not be created before, and how many milliseconds are left until it (by
 * the database clock, as the pass estimates it). A bulk request sent earlier carries it as `not_before`
 * and task-core waits for it before inserting; what is sent without it waits here.
 */
export type NotBefore = { at: Date; msLeft: () => number };

export type CreateManyOptions = { notBefore?: NotBefore };

// Bulk requests in flight at once (a pass of many brands sends one per brand and owner).
const BULK_IN_FLIGHT = 8;
// Single creates in flight when a refused bulk request is retried item by item.
const SINGLES_IN_FLIGHT = 16;

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

  /**
   * Creates a firing pass's tasks with as few requests as possible: one `core.task.bulk_create` per
   * owner (a request acts as one user of one brand), split only when it would be too big for NATS.
   * Task-core inserts a request's tasks in one statement, idempotent per item by its key, so a request
   * costs about what one single create did. Answers come back in the items' order, one per item.
   *
   * With `notBefore`, the requests may go before that instant: task-core validates them on arrival and
   * inserts at the instant, so neither the transport nor the validation of a large request delays the
   * tasks past it.
   */
  async createMany(items: readonly TaskToCreate[], options: CreateManyOptions = {}): Promise<Creation[]> {
    const creations = new Array<Creation>(items.length);
    const chunks = bulkChunks(items, ownerKey, (item) => Buffer.byteLength(JSON.stringify(item.task)));
    await mapLimit(chunks, BULK_IN_FLIGHT, async (chunk) => {
      const answers = await this.createChunk(chunk.items, options.notBefore);
      chunk.indexes.forEach((index, i) => (creations[index] = answers[i]));
    });
    return creations;
  }

  private async createChunk(items: TaskToCreate[], notBefore?: NotBefore): Promise<Creation[]> {
    try {
      const { results = [] } = await this.bus.request(CoreSubject.TaskBulkCreate, {
        actor: systemActor(items[0].owner),
        body: { tasks: items.map((item) => item.task) },
        origins: items.map((item) => item.origin ?? {}),
        // Only while the instant is ahead: past it, task-core's clock reading would be a round trip for nothing.
        not_before: notBefore && notBefore.msLeft() > 0 ? notBefore.at.toISOString() : undefined,
      });
      if (results.length !== items.length) {
        throw new Error(`task-core answered ${results.length} tasks for ${items.length}`);
      }
      return results.map((task) => ({ ok: true, task }));
    } catch (error) {
      // Task-core down or slow: the whole request is retried on a later pass (the keys make that safe).
      if (isTransient(error) || items.length === 1) return items.map(() => failure(error));
      // A refusal is for the whole request, whichever item caused it: ask again item by item so that
      // one bad schedule fails alone and the others of the pass still fire. A refusal comes before the
      // instant (task-core validates on arrival), and single creates carry no `not_before`: wait for it.
      if (notBefore) await sleep(notBefore.msLeft() + 1);
      return mapLimit(items, SINGLES_IN_FLIGHT, (item) => this.createOne(item));
    }
  }

  /** One item through `core.task.create`: its refusal comes back exactly as task-core worded it. */
  async createOne(item: TaskToCreate): Promise<Creation> {
    try {
      const { task } = await this.create(item.owner, item.task, item.origin);
      return { ok: true, task };
    } catch (error) {
      return failure(error);
    }
  }
}

function ownerKey(item: TaskToCreate): string {
  const o = item.owner;
  return JSON.stringify([o.brand_id, o.brand_name, o.created_by_id, o.created_by_username]);
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, Math.ceil(ms))) : Promise.resolve();
}

function failure(error: unknown): Creation {
  return { ok: false, transient: isTransient(error), error: errorMessage(error), cause: error };
}
