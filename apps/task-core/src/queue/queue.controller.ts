import {
  ClaimWorkRequest,
  CoreSubject,
  FenceRequest,
  HeartbeatRequest,
  ReleaseWorkRequest,
  ReportWorkRequest,
} from '@app/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { QueueService } from './queue.service';

/** NATS handlers of the worker protocol: one line each. */
@Controller()
export class QueueController {
  constructor(private readonly service: QueueService) {}

  @MessagePattern(CoreSubject.WorkClaim)
  claim(@Payload() r: ClaimWorkRequest) {
    return this.service.claim(r);
  }

  @MessagePattern(CoreSubject.WorkReport)
  report(@Payload() r: ReportWorkRequest) {
    return this.service.report(r);
  }

  @MessagePattern(CoreSubject.WorkHeartbeat)
  heartbeat(@Payload() r: HeartbeatRequest) {
    return this.service.heartbeat(r);
  }

  @MessagePattern(CoreSubject.WorkRelease)
  release(@Payload() r: ReleaseWorkRequest) {
    return this.service.release(r);
  }

  @MessagePattern(CoreSubject.WorkFence)
  fence(@Payload() r: FenceRequest) {
    return this.service.fence(r);
  }
}
