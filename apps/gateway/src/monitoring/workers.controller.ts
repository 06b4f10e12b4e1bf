import {
  Actor,
  ErrorCode,
  ListWorkersQuery,
  MonitoringSubject,
  PaginatedResponse,
  WORKER_ID_PATTERN,
  WorkerDto,
  WorkerOverviewResponse,
} from '@app/contracts';
import { AppError, NatsBus } from '@app/platform';
import { CurrentActor } from '@app/tenancy';
import { Controller, Get, Param, PipeTransform, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { paginate } from '../http/pagination';

/** A string that cannot be a worker id names no worker: 404. */
class WorkerIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!WORKER_ID_PATTERN.test(value)) throw new AppError(ErrorCode.WorkerNotFound, 'Worker not found');
    return value;
  }
}

@ApiTags('monitoring')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Brand-ID', required: true, description: 'The brand (tenant) to act in' })
@Controller('tasks/monitoring/workers')
export class WorkersController {
  constructor(private readonly bus: NatsBus) {}

  @Get()
  @ApiOperation({ summary: 'Workers from their heartbeats: liveness, capacity, and this brand’s processed and failed counts' })
  async list(@CurrentActor() actor: Actor, @Query() query: ListWorkersQuery, @Req() request: FastifyRequest): Promise<PaginatedResponse<WorkerDto>> {
    return paginate(request, await this.bus.request(MonitoringSubject.WorkerList, { actor, query }));
  }

  @Get('overview')
  @ApiOperation({ summary: 'Totals by liveness, capacity and utilisation, by task type and queue' })
  overview(@CurrentActor() actor: Actor): Promise<WorkerOverviewResponse> {
    return this.bus.request(MonitoringSubject.WorkerOverview, { actor });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One worker' })
  get(@CurrentActor() actor: Actor, @Param('id', new WorkerIdPipe()) workerId: string): Promise<WorkerDto> {
    return this.bus.request(MonitoringSubject.WorkerGet, { actor, worker_id: workerId });
  }
}
