import {
  Actor,
  BulkCreateTasksBody,
  CoreSubject,
  CreateTaskBody,
  ListTasksQuery,
  PaginatedResponse,
  QueueStatsResponse,
  TaskDto,
  TaskRef,
} from '@app/contracts';
import { NatsBus } from '@app/platform';
import { CurrentActor, RequireRole } from '@app/tenancy';
import { Body, Controller, Get, Headers, HttpCode, MessageEvent, Param, Post, Query, Req, Res, Sse, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { idempotencyKey } from '../http/idempotency-key';
import { prefersMinimal } from '../http/prefer';
import { paginate } from '../http/pagination';
import { Observable } from 'rxjs';
import { TaskAccessGuard } from './task-access.guard';
import { TaskEventsHub } from './task-events.hub';
import { TaskRefPipe } from './task-ref.pipe';

@ApiTags('tasks')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Brand-ID', required: true, description: 'The brand (tenant) to act in' })
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly bus: NatsBus,
    private readonly events: TaskEventsHub,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List tasks with filters, search, ordering and pagination' })
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: ListTasksQuery,
    @Req() request: FastifyRequest,
  ): Promise<PaginatedResponse<TaskDto>> {
    return paginate(request, await this.bus.request(CoreSubject.TaskList, { actor, query }));
  }

  @Post()
  @RequireRole('editor')
  @ApiOperation({ summary: 'Create a task (201; 200 with the same task when the idempotency key was used)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiHeader({ name: 'Prefer', required: false, description: '`return=minimal`: answer `{id, task_id}` only (RFC 7240)' })
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateTaskBody,
    @Headers('idempotency-key') headerKey: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TaskDto | TaskRef> {
    const task = { ...body, idempotency_key: idempotencyKey(body.idempotency_key, headerKey) };
    const result = await this.bus.request(CoreSubject.TaskCreate, { actor, task });
    void reply.status(result.created ? 201 : 200);
    if (!prefersMinimal(prefer)) return result.task;
    void reply.header('preference-applied', 'return=minimal');
    return { id: result.task.id, task_id: result.task.task_id };
  }

  @Post('bulk')
  @RequireRole('editor')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create up to 1,000 tasks in one transaction' })
  @ApiHeader({ name: 'Prefer', required: false, description: '`return=minimal`: answer `{created, results: [{id, task_id}]}` (RFC 7240)' })
  async bulkCreate(
    @CurrentActor() actor: Actor,
    @Body() body: BulkCreateTasksBody,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ created: number; results: TaskDto[] | TaskRef[] }> {
    const minimal = prefersMinimal(prefer);
    const answer = await this.bus.request(CoreSubject.TaskBulkCreate, { actor, body, ...(minimal ? { answer: 'minimal' as const } : {}) });
    if (minimal) void reply.header('preference-applied', 'return=minimal');
    return { created: answer.created, results: (minimal ? answer.refs : answer.results) ?? [] };
  }

  @Get('queue-stats')
  @ApiOperation({ summary: 'Per queue and priority: depth, age, throughput, wait' })
  queueStats(@CurrentActor() actor: Actor): Promise<QueueStatsResponse> {
    return this.bus.request(CoreSubject.QueueStats, { actor });
  }

  @Get(':ref')
  @ApiOperation({ summary: 'One task, by numeric id or task_id' })
  get(@CurrentActor() actor: Actor, @Param('ref', TaskRefPipe) ref: string): Promise<TaskDto> {
    return this.bus.request(CoreSubject.TaskGet, { actor, ref });
  }

  @Sse(':ref/events')
  @UseGuards(TaskAccessGuard)
  @ApiOperation({ summary: 'Server-Sent Events: the task\'s status and progress changes, until a terminal state' })
  watch(@CurrentActor() actor: Actor, @Param('ref', TaskRefPipe) ref: string, @Req() request: FastifyRequest): Promise<Observable<MessageEvent>> {
    const taskId = (request as FastifyRequest & { task?: TaskDto }).task?.id as number;
    return this.events.watch(taskId, () => this.bus.request(CoreSubject.TaskGet, { actor, ref }));
  }

  @Post(':ref/retry')
  @RequireRole('editor')
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-queue a failed or cancelled task' })
  retry(@CurrentActor() actor: Actor, @Param('ref', TaskRefPipe) ref: string): Promise<TaskDto> {
    return this.bus.request(CoreSubject.TaskRetry, { actor, ref });
  }

  @Post(':ref/cancel')
  @RequireRole('editor')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a waiting task, or ask the worker to abort a running one' })
  cancel(@CurrentActor() actor: Actor, @Param('ref', TaskRefPipe) ref: string): Promise<TaskDto> {
    return this.bus.request(CoreSubject.TaskCancel, { actor, ref });
  }
}
