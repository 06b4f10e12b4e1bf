import { AlertEvent, MonitoringEvent } from '@app/contracts';
import { EventStream, OutboxRelay as TableOutboxRelay, poolOf, Sql, SqlExecutor } from '@app/platform';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MONITORING_CONFIG, MonitoringConfig } from '../config';

/** Writes an event in the caller's transaction: it exists if and only if the change that caused it commits. */
export async function writeOutbox(sql: Sql, executor: SqlExecutor, subject: MonitoringEvent, event: AlertEvent): Promise<void> {
  await sql.rows(`INSERT INTO task_monitoring.outbox (event_id, subject, payload) VALUES ($1, $2, $3)`, [event.event_id, subject, event], executor);
}

/** task-monitoring's outbox relay (libs/platform's, on task_monitoring.outbox): alert events. */
@Injectable()
export class OutboxRelay extends TableOutboxRelay<AlertEvent> {
  constructor(dataSource: DataSource, events: EventStream, @Inject(MONITORING_CONFIG) config: MonitoringConfig) {
    super(poolOf(dataSource), {
      table: 'task_monitoring.outbox',
      batch: 200,
      pollMs: config.alerts.tickMs,
      publish: (row) => events.publishOn(row.subject, row.payload),
    });
  }
}
