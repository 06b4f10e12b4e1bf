import { Actor, AlertDetailDto, AlertDto, ErrorCode, ListAlertsQuery, MonitoringSubject, PaginatedResponse } from '@app/contracts';
import { NatsBus } from '@app/platform';
import { CurrentActor, RequireRole } from '@app/tenancy';
import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { paginate } from '../http/pagination';
import { IdPipe } from './id.pipe';

const alertId = () => new IdPipe(ErrorCode.AlertNotFound, 'Alert not found');

@ApiTags('monitoring')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Brand-ID', required: true, description: 'The brand (tenant) to act in' })
@Controller('tasks/monitoring/alerts')
export class AlertsController {
  constructor(private readonly bus: NatsBus) {}

  @Get()
  @ApiOperation({ summary: 'Alerts raised by the brand’s rules: open ones by default, `?status=resolved` or `all` for history' })
  async list(@CurrentActor() actor: Actor, @Query() query: ListAlertsQuery, @Req() request: FastifyRequest): Promise<PaginatedResponse<AlertDto>> {
    return paginate(request, await this.bus.request(MonitoringSubject.AlertList, { actor, query }));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One alert, with its webhook deliveries' })
  get(@CurrentActor() actor: Actor, @Param('id', alertId()) id: number): Promise<AlertDetailDto> {
    return this.bus.request(MonitoringSubject.AlertGet, { actor, id });
  }

  @Post(':id/acknowledge')
  @RequireRole('editor')
  @HttpCode(200)
  @ApiOperation({ summary: 'Acknowledge an open alert; it still resolves itself when its condition clears' })
  acknowledge(@CurrentActor() actor: Actor, @Param('id', alertId()) id: number): Promise<AlertDto> {
    return this.bus.request(MonitoringSubject.AlertAcknowledge, { actor, id });
  }

  @Post(':id/resolve')
  @RequireRole('editor')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resolve an alert by hand' })
  resolve(@CurrentActor() actor: Actor, @Param('id', alertId()) id: number): Promise<AlertDto> {
    return this.bus.request(MonitoringSubject.AlertResolve, { actor, id });
  }
}
