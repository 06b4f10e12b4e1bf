import {
  Actor,
  DashboardQuery,
  DashboardResponse,
  ErrorCode,
  ExecutionMetricDto,
  ListMetricsQuery,
  MonitoringSubject,
  PaginatedResponse,
} from '@app/contracts';
import { NatsBus } from '@app/platform';
import { CurrentActor } from '@app/tenancy';
import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { paginate } from '../http/pagination';
import { IdPipe } from './id.pipe';

const DASHBOARD_TIMEOUT_MS = 20_000;

@ApiTags('monitoring')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Brand-ID', required: true, description: 'The brand (tenant) to act in' })
@Controller('tasks/monitoring/metrics')
export class MetricsController {
  constructor(private readonly bus: NatsBus) {}

  @Get()
  @ApiOperation({ summary: 'Execution attempts with their measurements and flags; filters, search, ordering, pagination' })
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: ListMetricsQuery,
    @Req() request: FastifyRequest,
  ): Promise<PaginatedResponse<ExecutionMetricDto>> {
    return paginate(request, await this.bus.request(MonitoringSubject.MetricList, { actor, query }));
  }

  @Get('dashboard')
  @ApiOperation({ summary: 'Aggregates over 1h, 24h or 7d: statuses, rates, throughput, percentiles, memory, cost, queue, workers, alerts' })
  dashboard(@CurrentActor() actor: Actor, @Query() query: DashboardQuery): Promise<DashboardResponse> {
    // Aggregates over up to a week of a busy brand's executions: allowed longer than a plain read.
    return this.bus.request(MonitoringSubject.MetricDashboard, { actor, query }, { timeoutMs: DASHBOARD_TIMEOUT_MS });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One execution attempt' })
  get(@CurrentActor() actor: Actor, @Param('id', new IdPipe(ErrorCode.MetricNotFound, 'Metric not found')) id: number): Promise<ExecutionMetricDto> {
    return this.bus.request(MonitoringSubject.MetricGet, { actor, id });
  }
}
