import { Actor, CoreSubject, TaskDto } from '@app/contracts';
import { NatsBus } from '@app/platform';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { TaskRefPipe } from './task-ref.pipe';

/**
 * For streaming routes, whose headers leave before the handler's result: checks that the task exists
 * in the caller's brand first (404 otherwise, like every other route) and hands it to the handler.
 */
@Injectable()
export class TaskAccessGuard implements CanActivate {
  private readonly refPipe = new TaskRefPipe();

  constructor(private readonly bus: NatsBus) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ actor: Actor; params: { ref: string }; task?: TaskDto }>();
    const ref = this.refPipe.transform(request.params.ref);
    request.task = await this.bus.request(CoreSubject.TaskGet, { actor: request.actor, ref });
    return true;
  }
}
