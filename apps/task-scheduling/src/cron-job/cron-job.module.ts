import { Module } from '@nestjs/common';
import { SharedModule } from '../common/shared.module';
import { CronJobController } from './cron-job.controller';
import { CronJobService } from './cron-job.service';

@Module({ imports: [SharedModule], controllers: [CronJobController], providers: [CronJobService] })
export class CronJobModule {}
