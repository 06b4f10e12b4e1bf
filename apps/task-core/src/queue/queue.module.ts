import { Sql } from '@app/platform';
import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { CORE_CONFIG, CoreConfig } from '../config';
import { TaskModule } from '../task/task.module';
import { ClaimWaitingRoom } from './claim-waiting-room';
import { LeaseSweeper } from './lease.sweeper';
import { QueueController } from './queue.controller';
import { QueueRepository, RELAXED_SQL } from './queue.repository';
import { QueueService } from './queue.service';
import { RunningRecorder } from './running-recorder';
import { TaskMetrics } from './task-metrics';

const RELAXED_POOL = Symbol('RELAXED_POOL');

@Module({
  imports: [TaskModule],
  controllers: [QueueController],
  providers: [
    QueueService,
    QueueRepository,
    LeaseSweeper,
    RunningRecorder,
    ClaimWaitingRoom,
    TaskMetrics,
    {
      // Claims, progress and heartbeats may be lost in a crash without losing a task: no fsync wait.
      provide: RELAXED_POOL,
      inject: [CORE_CONFIG],
      useFactory: (config: CoreConfig) => {
        const pool = new Pool({
          connectionString: config.database.url,
          max: 4,
          application_name: 'megahub-task-core-relaxed',
          options: '-c synchronous_commit=off',
        });
        pool.on('error', () => undefined); // a Postgres restart errors idle clients; the pool reconnects
        return pool;
      },
    },
    { provide: RELAXED_SQL, inject: [RELAXED_POOL], useFactory: (pool: Pool) => new Sql(pool) },
  ],
})
export class QueueModule implements OnApplicationShutdown {
  constructor(@Inject(RELAXED_POOL) private readonly pool: Pool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
