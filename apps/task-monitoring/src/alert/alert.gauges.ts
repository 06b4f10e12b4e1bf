import { metricsRegistry, Sql } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';

/** Open alerts across brands (an operator's view), read at scrape time. */
@Injectable()
export class AlertGauges {
  constructor(sql: Sql) {
    new Gauge({
      name: 'megahub_monitoring_alerts_open',
      help: 'Open alerts across brands, by severity and status (active or acknowledged)',
      labelNames: ['severity', 'status'] as const,
      registers: [metricsRegistry],
      async collect() {
        const rows = await sql
          .rows<{ severity: string; status: string; n: number }>(
            `SELECT severity, status, count(*)::int AS n FROM task_monitoring.alert WHERE status <> 'resolved' GROUP BY 1, 2`,
          )
          .catch(() => null);
        if (!rows) return;
        for (const severity of ['info', 'warning', 'critical']) {
          for (const status of ['active', 'acknowledged']) {
            this.set({ severity, status }, rows.find((r) => r.severity === severity && r.status === status)?.n ?? 0);
          }
        }
      },
    });
  }
}
