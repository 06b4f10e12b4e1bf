import { AlertMetric, AlertSeverity, AlertStatus } from '@app/contracts';
import { Ordering, orderBy, Sql, SqlExecutor } from '@app/platform';
import { BrandId } from '@app/tenancy';
import { Injectable } from '@nestjs/common';
import { WhereBuilder } from '../common/list-query.rules';

export type AlertRow = {
  id: number;
  brand_id: number;
  rule_id: number | null;
  rule_name: string;
  current_rule_name: string | null;
  metric: AlertMetric;
  operator: 'gt' | 'gte' | 'lt' | 'lte';
  threshold: number;
  window_minutes: number;
  task_type: string | null;
  severity: AlertSeverity;
  status: AlertStatus;
  value: number | null;
  current_value: number | null;
  message: string;
  triggered_at: Date;
  last_evaluated_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by_id: number | null;
  acknowledged_by_username: string | null;
  resolved_at: Date | null;
  resolved_by_id: number | null;
  resolved_by_username: string | null;
  resolution: string | null;
};

export type AlertFilters = {
  statuses: AlertStatus[];
  severities?: AlertSeverity[];
  ruleId?: number;
  metrics?: AlertMetric[];
  triggeredGte?: string;
  triggeredLte?: string;
  search?: string;
};

export type AlertListOptions = { filters: AlertFilters; page: number; pageSize: number; ordering: Ordering };

/** The condition an alert copies from its rule when it opens. */
export type OpeningRule = {
  id: number;
  name: string;
  metric: AlertMetric;
  operator: string;
  threshold: number;
  window_minutes: number;
  task_type: string | null;
  severity: AlertSeverity;
};

const SELECT_ALERT = `
  SELECT a.*, r.name AS current_rule_name
  FROM task_monitoring.alert a
  LEFT JOIN task_monitoring.alert_rule r ON r.brand_id = a.brand_id AND r.id = a.rule_id`;

/** Alerts, always through a brand. */
@Injectable()
export class AlertRepository {
  constructor(private readonly sql: Sql) {}

  async findById(brandId: BrandId, id: number, executor?: SqlExecutor, options: { lock?: boolean } = {}): Promise<AlertRow | null> {
    const lock = options.lock ? ' FOR UPDATE OF a' : '';
    return this.sql.one<AlertRow>(`${SELECT_ALERT} WHERE a.brand_id = $1 AND a.id = $2${lock}`, [brandId, id], executor);
  }

  async findOpenForRule(brandId: BrandId, ruleId: number, executor?: SqlExecutor): Promise<AlertRow | null> {
    return this.sql.one<AlertRow>(
      `${SELECT_ALERT} WHERE a.brand_id = $1 AND a.rule_id = $2 AND a.status <> 'resolved' FOR UPDATE OF a`,
      [brandId, ruleId],
      executor,
    );
  }

  async list(brandId: BrandId, options: AlertListOptions): Promise<{ count: number; rows: AlertRow[] }> {
    const f = options.filters;
    const w = new WhereBuilder('a.brand_id = ?', brandId).add('a.status = ANY(?::text[])', f.statuses);
    if (f.severities) w.add('a.severity = ANY(?::text[])', f.severities);
    if (f.ruleId !== undefined) w.add('a.rule_id = ?', f.ruleId);
    if (f.metrics) w.add('a.metric = ANY(?::text[])', f.metrics);
    if (f.triggeredGte) w.add('a.triggered_at >= ?::timestamptz', f.triggeredGte);
    if (f.triggeredLte) w.add('a.triggered_at <= ?::timestamptz', f.triggeredLte);
    if (f.search) w.add(`(a.rule_name || ' ' || a.message) ILIKE ?`, f.search);
    const [rows, counted] = await Promise.all([
      this.sql.rows<AlertRow>(
        `${SELECT_ALERT} WHERE ${w.clause} ORDER BY ${orderBy(options.ordering, 'a.id')}
         LIMIT $${w.params.length + 1} OFFSET $${w.params.length + 2}`,
        [...w.params, options.pageSize, (options.page - 1) * options.pageSize],
      ),
      this.sql.one<{ count: number }>(`SELECT count(*)::int AS count FROM task_monitoring.alert a WHERE ${w.clause}`, w.params),
    ]);
    return { count: counted?.count ?? 0, rows };
  }

  /** Opens an alert unless the rule already has an open one (the partial unique index decides). */
  async insertOpen(executor: SqlExecutor, brandId: BrandId, rule: OpeningRule, value: number | null, message: string): Promise<AlertRow | null> {
    const inserted = await this.sql.one<{ id: number }>(
      `INSERT INTO task_monitoring.alert (brand_id, rule_id, rule_name, metric, operator, threshold, window_minutes, task_type,
         severity, value, current_value, message)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11)
       ON CONFLICT (brand_id, rule_id) WHERE status <> 'resolved' DO NOTHING
       RETURNING id`,
      [brandId, rule.id, rule.name, rule.metric, rule.operator, rule.threshold, rule.window_minutes, rule.task_type, rule.severity, value, message],
      executor,
    );
    return inserted ? this.findById(brandId, Number(inserted.id), executor) : null;
  }

  async touchFiring(executor: SqlExecutor, brandId: BrandId, id: number, value: number | null): Promise<void> {
    await this.sql.rows(
      `UPDATE task_monitoring.alert SET current_value = $3, last_evaluated_at = now() WHERE brand_id = $1 AND id = $2`,
      [brandId, id, value],
      executor,
    );
  }

  async markResolved(
    executor: SqlExecutor,
    brandId: BrandId,
    id: number,
    how: { resolution: string; value?: number | null; by?: { id: number; username: string } },
  ): Promise<AlertRow | null> {
    const row = await this.sql.one<{ id: number }>(
      `UPDATE task_monitoring.alert SET status = 'resolved', resolved_at = now(), resolution = $3,
         resolved_by_id = $4, resolved_by_username = $5, last_evaluated_at = now(),
         current_value = CASE WHEN $6::boolean THEN $7::float8 ELSE current_value END
       WHERE brand_id = $1 AND id = $2 AND status <> 'resolved' RETURNING id`,
      [brandId, id, how.resolution, how.by?.id ?? null, how.by?.username ?? null, how.value !== undefined, how.value ?? null],
      executor,
    );
    return row ? this.findById(brandId, id, executor) : null;
  }

  async acknowledge(brandId: BrandId, id: number, by: { id: number; username: string }): Promise<AlertRow | null> {
    const row = await this.sql.one<{ id: number }>(
      `UPDATE task_monitoring.alert SET status = 'acknowledged', acknowledged_at = now(), acknowledged_by_id = $3,
         acknowledged_by_username = $4
       WHERE brand_id = $1 AND id = $2 AND status = 'active' RETURNING id`,
      [brandId, id, by.id, by.username],
    );
    return row ? this.findById(brandId, id) : null;
  }

  /** Open alerts of the brand by severity, and the most recent ones. */
  async openSummary(brandId: BrandId, latest: number): Promise<{ bySeverity: Record<AlertSeverity, number>; rows: AlertRow[] }> {
    const [counts, rows] = await Promise.all([
      this.sql.rows<{ severity: AlertSeverity; n: number }>(
        `SELECT severity, count(*)::int AS n FROM task_monitoring.alert
         WHERE brand_id = $1 AND status IN ('active', 'acknowledged') GROUP BY severity`,
        [brandId],
      ),
      this.sql.rows<AlertRow>(
        `${SELECT_ALERT} WHERE a.brand_id = $1 AND a.status IN ('active', 'acknowledged') ORDER BY a.triggered_at DESC, a.id DESC LIMIT $2`,
        [brandId, latest],
      ),
    ]);
    const bySeverity = { info: 0, warning: 0, critical: 0 };
    for (const c of counts) bySeverity[c.severity] = c.n;
    return { bySeverity, rows };
  }

  /** Deletes resolved alerts older than the cutoff, a batch at a time (their deliveries cascade). */
  async pruneResolvedBefore(cutoff: Date, batch: number): Promise<number> {
    const rows = await this.sql.rows(
      `DELETE FROM task_monitoring.alert WHERE id IN (
         SELECT id FROM task_monitoring.alert WHERE status = 'resolved' AND resolved_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [cutoff, batch],
    );
    return rows.length;
  }
}
