import { Module } from '@nestjs/common';
import { JobModule } from '../job/job.module';
import { CheckpointController } from './checkpoint.controller';
import { CheckpointRepository } from './checkpoint.repository';
import { CheckpointService } from './checkpoint.service';

@Module({
  imports: [JobModule],
  controllers: [CheckpointController],
  providers: [CheckpointService, CheckpointRepository],
})
export class CheckpointModule {}
