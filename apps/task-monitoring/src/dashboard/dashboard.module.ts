import { Module } from '@nestjs/common';
import { AlertModule } from '../alert/alert.module';
import { WorkerModule } from '../worker/worker.module';
import { DashboardController } from './dashboard.controller';
import { DashboardRepository } from './dashboard.repository';
import { DashboardService } from './dashboard.service';

@Module({
  imports: [AlertModule, WorkerModule],
  controllers: [DashboardController],
  providers: [DashboardRepository, DashboardService],
})
export class DashboardModule {}
