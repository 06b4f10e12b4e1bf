import {
  DynamicModule,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { TaskContext } from '../task-context';
import { Worker, WorkerOptions } from '../worker';
import { HANDLES_TASK } from './task-handler.decorator';

export const WORKER_OPTIONS = Symbol('WORKER_OPTIONS');

/** Finds every @HandlesTask method, registers it, starts the worker after boot and stops it on shutdown. */
@Injectable()
export class WorkerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly worker: Worker,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    @Inject(WORKER_OPTIONS) private readonly options: { taskTypes?: string[] },
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      for (const name of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        const method = instance[name] as (ctx: TaskContext) => unknown;
        const taskType = this.reflector.get<string | undefined>(HANDLES_TASK, method);
        if (!taskType) continue;
        if (this.options.taskTypes?.length && !this.options.taskTypes.includes(taskType)) continue;
        this.worker.handle(taskType, (ctx) => method.call(instance, ctx) as never);
      }
    }
    await this.worker.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker.stop();
  }
}

/** The worker SDK as a Nest module: handlers are provider methods decorated with @HandlesTask. */
@Module({})
export class WorkerModule {
  /** `taskTypes` restricts which decorated handlers this process runs (empty: all). */
  static forRoot(options: WorkerOptions & { taskTypes?: string[] }): DynamicModule {
    return {
      module: WorkerModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [
        { provide: WORKER_OPTIONS, useValue: options },
        { provide: Worker, useFactory: () => new Worker(options) },
        WorkerLifecycle,
      ],
      exports: [Worker],
    };
  }
}
