import {
  Actor,
  CreatePeriodicTaskBody,
  ListPeriodicRunsQuery,
  ListPeriodicTasksQuery,
  ListReadyPeriodicTasksQuery,
  PaginatedResponse,
  PeriodicRunDto,
  PeriodicTaskDto,
  SchedulingSubject,
  UpdatePeriodicTaskBody,
  ValidateCronBody,
  ValidateCronResponse,
} from '@app/contracts';
import { NatsBus } from '@app/platform';
import { CurrentActor, RequireRole } from '@app/tenancy';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { paginate } from '../http/pagination';
import { PeriodicTaskId } from './id.pipe';

@ApiTags('scheduling')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Brand-ID', required: true, description: 'The brand (tenant) to act in' })
@Controller('tasks/scheduled/periodic-tasks')
export class PeriodicTasksController {
  constructor(private readonly bus: NatsBus) {}

  @Get()
  @ApiOperation({
    summary: 'List periodic tasks (filters: enabled, task_type, calendar; search over name, task_type, cron)',
  })
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: ListPeriodicTasksQuery,
    @Req() request: FastifyRequest,
  ): Promise<PaginatedResponse<PeriodicTaskDto>> {
    return paginate(request, await this.bus.request(SchedulingSubject.PeriodicTaskList, { actor, query }));
  }

  @Post()
  @RequireRole('admin')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a periodic task (cron expression in a time zone)' })
  create(@CurrentActor() actor: Actor, @Body() body: CreatePeriodicTaskBody): Promise<PeriodicTaskDto> {
    return this.bus.request(SchedulingSubject.PeriodicTaskCreate, { actor, body });
  }

  @Post('validate-cron')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check a cron expression and list its next runs (invalid input is a 200 with valid: false)',
  })
  validateCron(@CurrentActor() actor: Actor, @Body() body: ValidateCronBody): Promise<ValidateCronResponse> {
    return this.bus.request(SchedulingSubject.CronValidate, { actor, body });
  }

  @Get('ready-for-execution')
  @ApiOperation({
    summary: 'Enabled periodic tasks due now and not fired yet; with within_seconds, those about to fire (calendars applied)',
  })
  async listReady(
    @CurrentActor() actor: Actor,
    @Query() query: ListReadyPeriodicTasksQuery,
    @Req() request: FastifyRequest,
  ): Promise<PaginatedResponse<PeriodicTaskDto>> {
    return paginate(
      request,
      await this.bus.request(SchedulingSubject.PeriodicTaskListReady, { actor, query }),
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'One periodic task' })
  get(@CurrentActor() actor: Actor, @Param('id', PeriodicTaskId) id: number): Promise<PeriodicTaskDto> {
    return this.bus.request(SchedulingSubject.PeriodicTaskGet, { actor, id });
  }

  @Patch(':id')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Change a periodic task; a schedule change moves next_run_at' })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', PeriodicTaskId) id: number,
    @Body() body: UpdatePeriodicTaskBody,
  ): Promise<PeriodicTaskDto> {
    return this.bus.request(SchedulingSubject.PeriodicTaskUpdate, { actor, id, body: body ?? {} });
  }

  @Delete(':id')
  @RequireRole('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a periodic task and its run history (its tasks stay)' })
  async delete(@CurrentActor() actor: Actor, @Param('id', PeriodicTaskId) id: number): Promise<void> {
    await this.bus.request(SchedulingSubject.PeriodicTaskDelete, { actor, id });
  }

  @Post(':id/run-now')
  @RequireRole('admin')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create the task now, whatever the schedule; answers the run' })
  runNow(@CurrentActor() actor: Actor, @Param('id', PeriodicTaskId) id: number): Promise<PeriodicRunDto> {
    return this.bus.request(SchedulingSubject.PeriodicTaskRunNow, { actor, id });
  }

  @Post(':id/pause')
  @RequireRole('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable the schedule' })
  pause(@CurrentActor() actor: Actor, @Param('id', PeriodicTaskId) id: number): Promise<PeriodicTaskDto> {
    return this.bus.request(SchedulingSubject.PeriodicTaskPause, { actor, id });
  }

  @Post(':id/resume')
  @RequireRole('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable the schedule again, from now' })
  resume(@CurrentActor() actor: Actor, @Param('id', PeriodicTaskId) id: number): Promise<PeriodicTaskDto> {
    return this.bus.request(SchedulingSubject.PeriodicTaskResume, { actor, id });
  }

  @Get(':id/runs')
  @ApiOperation({
    summary:
      'Run history: scheduled_for, fired_at, task_id, status (fired, skipped_overlap, missed, failed) and the task status',
  })
  async listRuns(
    @CurrentActor() actor: Actor,
    @Param('id', PeriodicTaskId) id: number,
    @Query() query: ListPeriodicRunsQuery,
    @Req() request: FastifyRequest,
  ): Promise<PaginatedResponse<PeriodicRunDto>> {
    return paginate(
      request,
      await this.bus.request(SchedulingSubject.PeriodicTaskListRuns, { actor, id, query }),
    );
  }
}
