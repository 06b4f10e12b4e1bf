import { Controller, Get, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { absoluteUrl } from '../http/absolute-url';

/** A DRF API root: each resource under `base`, by name, with its absolute URL. */
type ApiRoot = Record<string, string>;

function apiRoot(request: FastifyRequest, base: string, resources: readonly string[]): ApiRoot {
  return Object.fromEntries(resources.map((name) => [name, absoluteUrl(request, `${base}${name}/`)]));
}

/**
 * The seed's base URLs of the three services (`/tasks/monitoring/`, `/tasks/persistent-jobs/`,
 * `/tasks/scheduled/`) answer as DRF's router does at its root: the resources found there. Any role of
 * the brand may read them.
 */
@ApiBearerAuth()
@ApiHeader({ name: 'X-Brand-ID', required: true, description: 'The brand (tenant) to act in' })
@Controller('tasks')
export class ApiRootsController {
  @Get('monitoring')
  @ApiTags('monitoring')
  @ApiOperation({ summary: 'API root of monitoring: its resources and their URLs' })
  monitoring(@Req() request: FastifyRequest): ApiRoot {
    return apiRoot(request, '/tasks/monitoring/', ['metrics', 'workers', 'alert-rules', 'alerts']);
  }

  @Get('persistent-jobs')
  @ApiTags('persistence')
  @ApiOperation({ summary: 'API root of persistent jobs: its resources and their URLs' })
  persistence(@Req() request: FastifyRequest): ApiRoot {
    return apiRoot(request, '/tasks/persistent-jobs/', ['persistent-jobs', 'checkpoints']);
  }

  @Get('scheduled')
  @ApiTags('scheduling')
  @ApiOperation({ summary: 'API root of scheduling: its resources and their URLs' })
  scheduling(@Req() request: FastifyRequest): ApiRoot {
    return apiRoot(request, '/tasks/scheduled/', ['periodic-tasks', 'cron-jobs', 'calendars']);
  }
}
