import {
  Actor,
  CheckpointDto,
  CheckpointSummaryDto,
  ListCheckpointsQuery,
  PaginatedResponse,
  PersistenceSubject,
} from '@app/contracts';
import { NatsBus } from '@app/platform';
import { CurrentActor } from '@app/tenancy';
import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { paginate } from '../http/pagination';
import { CheckpointIdPipe } from './id.pipe';

@ApiTags('persistent-jobs')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Brand-ID', required: true, description: 'The brand (tenant) to act in' })
@Controller('tasks/persistent-jobs/checkpoints')
export class CheckpointsController {
  constructor(private readonly bus: NatsBus) {}

  @Get()
  @ApiOperation({ summary: 'Checkpoints (without their state), filtered by job or task' })
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: ListCheckpointsQuery,
    @Req() request: FastifyRequest,
  ): Promise<PaginatedResponse<CheckpointSummaryDto>> {
    return paginate(request, await this.bus.request(PersistenceSubject.CheckpointList, { actor, query }));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One checkpoint with its state' })
  get(@CurrentActor() actor: Actor, @Param('id', CheckpointIdPipe) id: number): Promise<CheckpointDto> {
    return this.bus.request(PersistenceSubject.CheckpointGet, { actor, id });
  }
}
