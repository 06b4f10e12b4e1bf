import {
  Actor,
  CreateCronJobBody,
  CronJobDto,
  ListCronJobsQuery,
  PaginatedResponse,
  SchedulingSubject,
  UpdateCronJobBody,
} from '@app/contracts';
import { NatsBus } from '@app/platform';
import { CurrentActor, RequireRole } from '@app/tenancy';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { paginate } from '../http/pagination';
import { CronJobId } from './id.pipe';

@ApiTags('scheduling')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Brand-ID', required: true, description: 'The brand (tenant) to act in' })
@Controller('tasks/scheduled/cron-jobs')
export class CronJobsController {
  constructor(private readonly bus: NatsBus) {}

  @Get()
  @ApiOperation({
    summary: 'List scheduled jobs (filters: status, schedule_type, task_type; search over name)',
  })
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: ListCronJobsQuery,
    @Req() request: FastifyRequest,
  ): Promise<PaginatedResponse<CronJobDto>> {
    return paginate(request, await this.bus.request(SchedulingSubject.CronJobList, { actor, query }));
  }

  @Post()
  @RequireRole('admin')
  @HttpCode(201)
  @ApiOperation({ summary: 'Schedule a job: once at run_at, or every interval_seconds from start_at' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateCronJobBody): Promise<CronJobDto> {
    return this.bus.request(SchedulingSubject.CronJobCreate, { actor, body });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One scheduled job' })
  get(@CurrentActor() actor: Actor, @Param('id', CronJobId) id: number): Promise<CronJobDto> {
    return this.bus.request(SchedulingSubject.CronJobGet, { actor, id });
  }

  @Patch(':id')
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Change a scheduled job; status: cancelled stops it, status: scheduled re-arms it',
  })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', CronJobId) id: number,
    @Body() body: UpdateCronJobBody,
  ): Promise<CronJobDto> {
    return this.bus.request(SchedulingSubject.CronJobUpdate, { actor, id, body: body ?? {} });
  }

  @Delete(':id')
  @RequireRole('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a scheduled job' })
  async delete(@CurrentActor() actor: Actor, @Param('id', CronJobId) id: number): Promise<void> {
    await this.bus.request(SchedulingSubject.CronJobDelete, { actor, id });
  }
}
