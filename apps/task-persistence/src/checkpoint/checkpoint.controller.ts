import {
  ByIdRequest,
  LatestCheckpointRequest,
  ListCheckpointsRequest,
  PersistenceSubject,
  SaveCheckpointRequest,
} from '@app/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CheckpointService } from './checkpoint.service';

/** NATS handlers of checkpoints: save/latest from workers, get/list from the gateway. */
@Controller()
export class CheckpointController {
  constructor(private readonly service: CheckpointService) {}

  @MessagePattern(PersistenceSubject.CheckpointSave)
  save(@Payload() r: SaveCheckpointRequest) {
    return this.service.save(r);
  }

  @MessagePattern(PersistenceSubject.CheckpointLatest)
  latest(@Payload() r: LatestCheckpointRequest) {
    return this.service.latest(r.brand_id, r.job_id);
  }

  @MessagePattern(PersistenceSubject.CheckpointGet)
  get(@Payload() r: ByIdRequest) {
    return this.service.get(r.actor, r.id);
  }

  @MessagePattern(PersistenceSubject.CheckpointList)
  list(@Payload() r: ListCheckpointsRequest) {
    return this.service.list(r.actor, r.query);
  }
}
