import { Module } from '@nestjs/common';
import { SharedModule } from '../common/shared.module';
import { FiringModule } from '../firing/firing.module';
import { CronValidationService } from './cron-validation.service';
import { PeriodicTaskController } from './periodic-task.controller';
import { PeriodicTaskService } from './periodic-task.service';

@Module({
  imports: [SharedModule, FiringModule],
  controllers: [PeriodicTaskController],
  providers: [PeriodicTaskService, CronValidationService],
})
export class PeriodicTaskModule {}
