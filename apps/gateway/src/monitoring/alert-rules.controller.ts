import {
  Actor,
  AlertRuleDto,
  CreateAlertRuleBody,
  ErrorCode,
  ListAlertRulesQuery,
  MonitoringSubject,
  PaginatedResponse,
  UpdateAlertRuleBody,
} from '@app/contracts';
import { NatsBus } from '@app/platform';
import { CurrentActor, RequireRole } from '@app/tenancy';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { paginate } from '../http/pagination';
import { IdPipe } from './id.pipe';

const ruleId = () => new IdPipe(ErrorCode.AlertRuleNotFound, 'Alert rule not found');

@ApiTags('monitoring')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Brand-ID', required: true, description: 'The brand (tenant) to act in' })
@Controller('tasks/monitoring/alert-rules')
export class AlertRulesController {
  constructor(private readonly bus: NatsBus) {}

  @Get()
  @ApiOperation({ summary: 'Alert rules of the brand' })
  async list(@CurrentActor() actor: Actor, @Query() query: ListAlertRulesQuery, @Req() request: FastifyRequest): Promise<PaginatedResponse<AlertRuleDto>> {
    return paginate(request, await this.bus.request(MonitoringSubject.AlertRuleList, { actor, query }));
  }

  @Post()
  @RequireRole('admin')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an alert rule (admin)' })
  create(@CurrentActor() actor: Actor, @Body() rule: CreateAlertRuleBody): Promise<AlertRuleDto> {
    return this.bus.request(MonitoringSubject.AlertRuleCreate, { actor, rule });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One alert rule, with its last evaluation' })
  get(@CurrentActor() actor: Actor, @Param('id', ruleId()) id: number): Promise<AlertRuleDto> {
    return this.bus.request(MonitoringSubject.AlertRuleGet, { actor, id });
  }

  @Patch(':id')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Change an alert rule (admin); disabling it resolves its open alert' })
  update(@CurrentActor() actor: Actor, @Param('id', ruleId()) id: number, @Body() changes: UpdateAlertRuleBody): Promise<AlertRuleDto> {
    return this.bus.request(MonitoringSubject.AlertRuleUpdate, { actor, id, changes });
  }

  @Delete(':id')
  @RequireRole('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an alert rule (admin); its open alert resolves, past alerts stay' })
  async delete(@CurrentActor() actor: Actor, @Param('id', ruleId()) id: number): Promise<void> {
    await this.bus.request(MonitoringSubject.AlertRuleDelete, { actor, id });
  }
}
