import {
  Actor,
  CalendarDto,
  CalendarPreviewQuery,
  CalendarPreviewResponse,
  CreateCalendarBody,
  ListQuery,
  PaginatedResponse,
  SchedulingSubject,
  UpdateCalendarBody,
} from '@app/contracts';
import { NatsBus } from '@app/platform';
import { CurrentActor, RequireRole } from '@app/tenancy';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { paginate } from '../http/pagination';
import { CalendarId } from './id.pipe';

@ApiTags('scheduling')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Brand-ID', required: true, description: 'The brand (tenant) to act in' })
@Controller('tasks/scheduled/calendars')
export class CalendarsController {
  constructor(private readonly bus: NatsBus) {}

  @Get()
  @ApiOperation({ summary: 'List calendars (search over name and description)' })
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: ListQuery,
    @Req() request: FastifyRequest,
  ): Promise<PaginatedResponse<CalendarDto>> {
    return paginate(request, await this.bus.request(SchedulingSubject.CalendarList, { actor, query }));
  }

  @Post()
  @RequireRole('admin')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a calendar: dates, ranges and weekdays, read in its time zone' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateCalendarBody): Promise<CalendarDto> {
    return this.bus.request(SchedulingSubject.CalendarCreate, { actor, body });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One calendar' })
  get(@CurrentActor() actor: Actor, @Param('id', CalendarId) id: number): Promise<CalendarDto> {
    return this.bus.request(SchedulingSubject.CalendarGet, { actor, id });
  }

  @Patch(':id')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Change a calendar; periodic tasks using it get their next run recomputed' })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', CalendarId) id: number,
    @Body() body: UpdateCalendarBody,
  ): Promise<CalendarDto> {
    return this.bus.request(SchedulingSubject.CalendarUpdate, { actor, id, body: body ?? {} });
  }

  @Delete(':id')
  @RequireRole('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a calendar (409 CALENDAR_IN_USE while a periodic task uses it)' })
  async delete(@CurrentActor() actor: Actor, @Param('id', CalendarId) id: number): Promise<void> {
    await this.bus.request(SchedulingSubject.CalendarDelete, { actor, id });
  }

  @Get(':id/preview')
  @ApiOperation({
    summary: 'The calendar days between from and to (YYYY-MM-DD, at most 366 days; default the next 30)',
  })
  preview(
    @CurrentActor() actor: Actor,
    @Param('id', CalendarId) id: number,
    @Query() query: CalendarPreviewQuery,
  ): Promise<CalendarPreviewResponse> {
    return this.bus.request(SchedulingSubject.CalendarPreview, { actor, id, query });
  }
}
