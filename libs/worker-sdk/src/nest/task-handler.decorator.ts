import { SetMetadata } from '@nestjs/common';

export const HANDLES_TASK = 'megahub:handles-task';

/** Marks a provider method as the handler of a task type: `@HandlesTask('noop') noop(ctx) {…}`. */
export const HandlesTask = (taskType: string): MethodDecorator => SetMetadata(HANDLES_TASK, taskType);
