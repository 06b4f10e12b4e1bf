import { ACTIVE_STATUSES, Actor, ErrorCode, PeriodicRunDto, TaskDto } from '@app/contracts';
import { AppError, AppLogger, Sql } from '@app/platform';
import { brandOf, trustedBrandId } from '@app/tenancy';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PoolClient } from 'pg';
import { toCalendar } from '../calendar/calendar.mapper';
import { CalendarRepository, CalendarRow } from '../calendar/calendar.repository';
import { compiledCron } from '../common/compiled-cron';
import { toIso } from '../common/sql-values';
import { Creation, TaskCreator, TaskToCreate } from '../common/task-creator';
import { SCHEDULING_CONFIG, SchedulingConfig } from '../config';
import { NewRun, PeriodicRunRepository, TaskStatusUpdate } from '../periodic-task/periodic-run.repository';
import { toPeriodicRunDto } from '../periodic-task/periodic-task.mapper';
import {
  FiringUpdate,
  PeriodicTaskRepository,
  PeriodicTaskRow,
} from '../periodic-task/periodic-task.repository';
import { effectiveSchedule, FirePlan, planFiring, remainingRuns } from '../periodic-task/periodic-task.rules';
import { fireLagSeconds, scheduledRunsTotal } from './scheduler.metrics';

export type BatchOutcome = { claimed: number; transientFailures: number };

type Visit = { row: PeriodicTaskRow; plan: FirePlan; creations: Map<number, Creation> };

/**
 * Fires due periodic tasks. One transaction claims a batch of due rows (SKIP LOCKED: replicas share the
 * work and never hold the same row), creates the batch's tasks through task-core in one bulk request
 * (one per owner), each with the idempotency key `periodic:<id>:<instant>` and its origin, records the
 * runs and advances next_run_at in one statement each, then commits. A crash before the commit leaves
 * the rows due; whoever claims them next gets the same tasks back from the keys.
 */
@Injectable()
export class PeriodicFiring {
  private readonly logger = new AppLogger(PeriodicFiring.name);

  constructor(
    private readonly sql: Sql,
    private readonly tasks: PeriodicTaskRepository,
    private readonly runs: PeriodicRunRepository,
    private readonly calendars: CalendarRepository,
    private readonly creator: TaskCreator,
    @Inject(SCHEDULING_CONFIG) private readonly config: SchedulingConfig,
  ) {}

  /**
   * One pass. With `aheadMs`, schedules falling due within that many milliseconds are claimed, planned
   * and sent to task-core ahead of their instant, with the instant as the request's `not_before`:
   * task-core validates the request at once and inserts when its database clock reaches the instant.
   * Claim, planning, transport and validation are then all off the path from the instant to the task,
   * which is the insert alone. No task is ever created before its instant.
   */
  async fireDue(aheadMs = 0): Promise<BatchOutcome> {
    return this.sql.transaction(async (client) => {
      const claimedAt = performance.now();
      const rows = await this.tasks.claimDue(this.config.scheduler.batchSize, aheadMs, client);
      if (rows.length === 0) return { claimed: 0, transientFailures: 0 };
      // db_now is the transaction's start, taken before claimedAt: (dueBy - db_now) after claimedAt,
      // the database clock is at or past dueBy.
      const dbNow = rows[0].db_now.getTime();
      const dueBy = Math.max(dbNow, ...rows.map((row) => (row.next_run_at as Date).getTime()));
      const notBefore = { at: new Date(dueBy), msLeft: () => claimedAt + (dueBy - dbNow) - performance.now() };
      const calendars = await this.calendarsOf(rows, client);
      const visits: Visit[] = rows.map((row) => ({
        row,
        plan: this.plan(row, calendars, new Date(dueBy)),
        creations: new Map(),
      }));
      const toFire = visits.flatMap((visit) =>
        visit.plan.runs
          .filter((run) => run.status === 'fired')
          .map((run) => ({ visit, instant: run.scheduledFor })),
      );
      const tasks = toFire.map(({ visit, instant }) =>
        taskFor(visit.row, instant, `periodic:${visit.row.id}:${instant.toISOString()}`),
      );
      const creations = await this.creator.createMany(tasks, { notBefore });
      toFire.forEach(({ visit, instant }, i) => {
        visit.creations.set(instant.getTime(), creations[i]);
        if (!creations[i].ok) this.logFailure(visit.row, instant, creations[i]);
      });
      // A schedule whose task-core call failed transiently is left as it was: still due, retried next pass.
      const settled = visits.filter(
        (visit) => ![...visit.creations.values()].some((c) => !c.ok && c.transient),
      );
      await this.record(settled, client);
      return { claimed: rows.length, transientFailures: visits.length - settled.length };
    });
  }

  /** Fires a periodic task now, whatever its schedule, overlap policy or state; counts as a run. */
  async runNow(actor: Actor, id: number): Promise<PeriodicRunDto> {
    const brandId = brandOf(actor);
    return this.sql.transaction(async (client) => {
      const row = await this.tasks.find(brandId, id, client, { lock: true });
      if (!row)
        throw new AppError(ErrorCode.PeriodicTaskNotFound, 'Periodic task not found or access denied');
      const { now } = (await this.sql.one<{ now: Date }>('SELECT clock_timestamp() AS now', [], client)) as {
        now: Date;
      };
      const creation = await this.creator.createOne(
        taskFor(row, now, `periodic:${row.id}:manual:${randomUUID()}`),
      );
      if (!creation.ok) {
        this.logFailure(row, now, creation);
        // Nothing recorded: the caller sees task-core's answer (503 when it is down, its 400 otherwise).
        throw new AppError(
          creation.transient ? ErrorCode.ServiceUnavailable : ErrorCode.ValidationFailed,
          creation.error,
        );
      }
      const task = creation.task;
      const run: NewRun = {
        brand_id: row.brand_id,
        periodic_task_id: row.id,
        trigger: 'manual',
        scheduled_for: now.toISOString(),
        fired_at: task.created_at,
        status: 'fired',
        reason: null,
        task_pk: task.id,
        task_id: task.task_id,
        error: null,
      };
      const [inserted] = await this.runs.insertRuns([run], client);
      await this.runs.upsertStatuses([statusOf(row, task)], client);
      const exhausted = remainingRuns(row.max_runs, row.total_run_count + 1) === 0;
      await this.tasks.applyFirings(
        [
          {
            id: row.id,
            next_run_at: exhausted ? null : toIso(row.next_run_at),
            fired: 1,
            last_run_at: task.created_at,
            last_task_pk: task.id,
            last_task_id: task.task_id,
          },
        ],
        client,
      );
      scheduledRunsTotal.inc({ kind: 'periodic', status: 'manual' });
      return toPeriodicRunDto({ ...inserted, task_status: task.status });
    });
  }

  private async calendarsOf(rows: PeriodicTaskRow[], client: PoolClient): Promise<Map<number, CalendarRow>> {
    const ids = [...new Set(rows.map((row) => row.calendar_id).filter((id): id is number => id !== null))];
    return new Map((await this.calendars.findMany(ids, client)).map((calendar) => [calendar.id, calendar]));
  }

  private plan(row: PeriodicTaskRow, calendars: Map<number, CalendarRow>, now: Date): FirePlan {
    try {
      const calendar = row.calendar_id === null ? null : calendars.get(row.calendar_id);
      if (calendar !== null && (calendar === undefined || calendar.brand_id !== row.brand_id)) {
        throw new Error(`calendar ${row.calendar_id} of periodic task ${row.id} is missing`);
      }
      return planFiring({
        schedule: effectiveSchedule({
          cron: compiledCron(row.cron_expression, row.timezone),
          calendar: calendar ? toCalendar(calendar) : null,
          calendarMode: row.calendar_mode,
          startAt: row.start_at,
          endAt: row.end_at,
        }),
        dueAt: row.next_run_at as Date,
        now,
        misfirePolicy: row.misfire_policy,
        overlapPolicy: row.overlap_policy,
        lastTaskActive: row.last_task_status !== null && ACTIVE_STATUSES.includes(row.last_task_status),
        maxRuns: row.max_runs,
        totalRunCount: row.total_run_count,
        misfireCap: this.config.scheduler.misfireCap,
        misfireGraceMs: this.config.scheduler.misfireGraceMs,
      });
    } catch (error) {
      // A schedule that can no longer be computed stops (next_run_at null) instead of blocking the loop.
      this.logger.error('periodic task cannot be scheduled; stopping it', {
        periodic_task_id: row.id,
        brand_id: row.brand_id,
        err: error,
      });
      return { runs: [], next: null };
    }
  }

  private logFailure(row: PeriodicTaskRow, instant: Date, creation: Creation & { ok: false }): void {
    this.logger.warn('periodic task could not create its task', {
      periodic_task_id: row.id,
      brand_id: row.brand_id,
      scheduled_for: instant.toISOString(),
      transient: creation.transient,
      err: creation.cause,
    });
  }

  private async record(visits: Visit[], client: PoolClient): Promise<void> {
    const runs: NewRun[] = [];
    const statuses: TaskStatusUpdate[] = [];
    const updates: FiringUpdate[] = [];
    for (const { row, plan, creations } of visits) {
      const update: FiringUpdate = {
        id: row.id,
        next_run_at: toIso(plan.next),
        fired: 0,
        last_run_at: null,
        last_task_pk: null,
        last_task_id: null,
      };
      for (const planned of plan.runs) {
        const base = {
          brand_id: row.brand_id,
          periodic_task_id: row.id,
          trigger: 'schedule' as const,
          scheduled_for: planned.scheduledFor.toISOString(),
        };
        const creation = creations.get(planned.scheduledFor.getTime());
        if (planned.status !== 'fired' || !creation) {
          runs.push({
            ...base,
            fired_at: null,
            status: planned.status,
            reason: planned.reason,
            task_pk: null,
            task_id: null,
            error: null,
          });
        } else if (!creation.ok) {
          runs.push({
            ...base,
            fired_at: null,
            status: 'failed',
            reason: null,
            task_pk: null,
            task_id: null,
            error: creation.error,
          });
        } else {
          const task = creation.task;
          runs.push({
            ...base,
            fired_at: task.created_at,
            status: 'fired',
            reason: null,
            task_pk: task.id,
            task_id: task.task_id,
            error: null,
          });
          statuses.push(statusOf(row, task));
          Object.assign(update, {
            fired: update.fired + 1,
            last_run_at: task.created_at,
            last_task_pk: task.id,
            last_task_id: task.task_id,
          });
          fireLagSeconds.observe(
            { kind: 'periodic' },
            Math.max(0, Date.parse(task.created_at) - planned.scheduledFor.getTime()) / 1000,
          );
        }
        scheduledRunsTotal.inc({ kind: 'periodic', status: runs[runs.length - 1].status });
      }
      updates.push(update);
    }
    await this.runs.insertRuns(runs, client);
    await this.runs.upsertStatuses(statuses, client);
    await this.tasks.applyFirings(updates, client);
  }
}

/** The task one instant of a schedule creates: what it runs, its key, and the schedule as its origin. */
function taskFor(row: PeriodicTaskRow, instant: Date, key: string): TaskToCreate {
  return {
    owner: row,
    task: {
      task_type: row.task_type,
      context_data: row.context_data,
      priority: row.priority,
      queue: row.queue,
      max_retries: row.max_retries ?? undefined,
      timeout_seconds: row.timeout_seconds ?? undefined,
      description: `Periodic task "${row.name}" for ${instant.toISOString()}`,
      idempotency_key: key,
    },
    origin: { is_periodic: true, periodic_task_id: row.id },
  };
}

function statusOf(row: PeriodicTaskRow, task: TaskDto): TaskStatusUpdate {
  return {
    brand_id: trustedBrandId(row.brand_id),
    task_pk: task.id,
    periodic_task_id: row.id,
    status: task.status,
    status_at: task.created_at,
  };
}
