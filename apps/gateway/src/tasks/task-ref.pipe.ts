import { ErrorCode } from '@app/contracts';
import { AppError } from '@app/platform';
import { Injectable, PipeTransform } from '@nestjs/common';

const TASK_REF = /^(\d{1,18}|task_[a-z0-9]{1,40})$/;

/** `{id}` in task paths is a numeric id or a `task_…` id; anything else cannot name a task: 404. */
@Injectable()
export class TaskRefPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!TASK_REF.test(value)) throw new AppError(ErrorCode.TaskNotFound, 'Task not found or access denied');
    return value;
  }
}
