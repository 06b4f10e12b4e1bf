// Public API of the worker SDK: what any Node service uses to run task handlers.
export * from './errors';
export * from './service-client';
export * from './nest/task-handler.decorator';
export * from './nest/worker.module';
export * from './task-context';
export * from './worker';
