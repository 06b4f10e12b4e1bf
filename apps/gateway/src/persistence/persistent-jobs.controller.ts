import {
  Actor,
  CreateJobBody,
  JobDto,
  ListJobsQuery,
  PaginatedResponse,
  PersistenceSubject,
} from '@app/contracts';
import { NatsBus } from '@app/platform';
import { CurrentActor, RequireRole } from '@app/tenancy';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { idempotencyKey } from '../http/idempotency-key';
import { paginate } from '../http/pagination';
import { JobIdPipe } from './id.pipe';

/** Persistent (resumable) jobs, under the seed's nested path `/tasks/persistent-jobs/persistent-jobs/`. */
@ApiTags('persistent-jobs')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Brand-ID', required: true, description: 'The brand (tenant) to act in' })
@Controller('tasks/persistent-jobs/persistent-jobs')
export class PersistentJobsController {
  constructor(private readonly bus: NatsBus) {}

  @Get()
  @ApiOperation({ summary: 'List persistent jobs with filters, search, ordering and pagination' })
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: ListJobsQuery,
    @Req() request: FastifyRequest,
  ): Promise<PaginatedResponse<JobDto>> {
    return paginate(request, await this.bus.request(PersistenceSubject.JobList, { actor, query }));
  }

  @Post()
  @RequireRole('editor')
  @ApiOperation({
    summary: 'Create a persistent job backed by a resumable task (201; 200 for a repeated idempotency key)',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateJobBody,
    @Headers('idempotency-key') headerKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JobDto> {
    const job = { ...body, idempotency_key: idempotencyKey(body.idempotency_key, headerKey) };
    const result = await this.bus.request(PersistenceSubject.JobCreate, { actor, job });
    void reply.status(result.created ? 201 : 200);
    return result.job;
  }

  @Get('resumable')
  @ApiOperation({ summary: 'Jobs that can be resumed: interrupted, paused, or failed with a checkpoint' })
  async resumable(
    @CurrentActor() actor: Actor,
    @Query() query: ListJobsQuery,
    @Req() request: FastifyRequest,
  ): Promise<PaginatedResponse<JobDto>> {
    return paginate(request, await this.bus.request(PersistenceSubject.JobListResumable, { actor, query }));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One persistent job with its detailed progress' })
  get(@CurrentActor() actor: Actor, @Param('id', JobIdPipe) id: number): Promise<JobDto> {
    return this.bus.request(PersistenceSubject.JobGet, { actor, id });
  }

  @Post(':id/pause')
  @RequireRole('editor')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Pause cooperatively: the handler stops at its next checkpoint (pausing, then paused)',
  })
  pause(@CurrentActor() actor: Actor, @Param('id', JobIdPipe) id: number): Promise<JobDto> {
    return this.bus.request(PersistenceSubject.JobPause, { actor, id });
  }

  @Post(':id/resume')
  @RequireRole('editor')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Run again from the last checkpoint (interrupted, paused, or failed with a checkpoint)',
  })
  resume(@CurrentActor() actor: Actor, @Param('id', JobIdPipe) id: number): Promise<JobDto> {
    return this.bus.request(PersistenceSubject.JobResume, { actor, id });
  }

  @Post(':id/cancel')
  @RequireRole('editor')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a waiting job, or abort the handler of a running one' })
  cancel(@CurrentActor() actor: Actor, @Param('id', JobIdPipe) id: number): Promise<JobDto> {
    return this.bus.request(PersistenceSubject.JobCancel, { actor, id });
  }
}
