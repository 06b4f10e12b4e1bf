import { AlertMetric, AlertOperator, AlertRuleState, AlertSeverity, CreateAlertRuleBody } from '@app/contracts';
import { Ordering, orderBy, Sql, SqlExecutor } from '@app/platform';
import { BrandId } from '@app/tenancy';
import { Injectable } from '@nestjs/common';
import { WhereBuilder } from '../common/list-query.rules';

export type AlertRuleRow = {
  id: number;
  brand_id: number;
  brand_name: string;
  name: string;
  description: string | null;
  metric: AlertMetric;
  operator: AlertOperator;
  threshold: number;
  window_minutes: number;
  task_type: string | null;
  severity: AlertSeverity;
  cooldown_minutes: number;
  enabled: boolean;
  webhook_url: string | null;
  evaluation_interval_seconds: number;
  state: AlertRuleState;
  last_value: number | null;
  last_evaluated_at: Date | null;
  next_evaluation_at: Date;
  last_triggered_at: Date | null;
  created_by_id: number;
  created_by_username: string;
  created_at: Date;
  updated_at: Date;
};

/** The editable fields of a rule, as stored. */
export type RuleFields = Required<Omit<CreateAlertRuleBody, 'description' | 'task_type' | 'webhook_url'>> & {
  description: string | null;
  task_type: string | null;
  webhook_url: string | null;
};

export type RuleFilters = { metrics?: AlertMetric[]; severities?: AlertSeverity[]; enabled?: boolean; taskType?: string; search?: string };
export type RuleListOptions = { filters: RuleFilters; page: number; pageSize: number; ordering: Ordering };

const FIELDS = [
  'name',
  'description',
  'metric',
  'operator',
  'threshold',
  'window_minutes',
  'task_type',
  'severity',
  'cooldown_minutes',
  'enabled',
  'webhook_url',
  'evaluation_interval_seconds',
] as const;

/** Alert rules, always through a brand; `claimDue` is the evaluator's cross-brand system path. */
@Injectable()
export class AlertRuleRepository {
  constructor(private readonly sql: Sql) {}

  async insert(brandId: BrandId, owner: { brandName: string; userId: number; username: string }, rule: RuleFields): Promise<AlertRuleRow> {
    const row = await this.sql.one<AlertRuleRow>(
      `INSERT INTO task_monitoring.alert_rule (brand_id, brand_name, created_by_id, created_by_username, ${FIELDS.join(', ')})
       VALUES ($1, $2, $3, $4, ${FIELDS.map((_, i) => `$${i + 5}`).join(', ')})
       RETURNING *`,
      [brandId, owner.brandName, owner.userId, owner.username, ...FIELDS.map((f) => rule[f])],
    );
    return row as AlertRuleRow;
  }

  async findById(brandId: BrandId, id: number, executor?: SqlExecutor, options: { lock?: boolean } = {}): Promise<AlertRuleRow | null> {
    return this.sql.one<AlertRuleRow>(
      `SELECT * FROM task_monitoring.alert_rule WHERE brand_id = $1 AND id = $2${options.lock ? ' FOR UPDATE' : ''}`,
      [brandId, id],
      executor,
    );
  }

  async list(brandId: BrandId, options: RuleListOptions): Promise<{ count: number; rows: AlertRuleRow[] }> {
    const f = options.filters;
    const w = new WhereBuilder('r.brand_id = ?', brandId);
    if (f.metrics) w.add('r.metric = ANY(?::text[])', f.metrics);
    if (f.severities) w.add('r.severity = ANY(?::text[])', f.severities);
    if (f.enabled !== undefined) w.add('r.enabled = ?', f.enabled);
    if (f.taskType) w.add('r.task_type = ?', f.taskType);
    if (f.search) w.add(`(r.name || ' ' || coalesce(r.description, '')) ILIKE ?`, f.search);
    const [rows, counted] = await Promise.all([
      this.sql.rows<AlertRuleRow>(
        `SELECT r.* FROM task_monitoring.alert_rule r WHERE ${w.clause}
         ORDER BY ${orderBy(options.ordering, 'r.id')}
         LIMIT $${w.params.length + 1} OFFSET $${w.params.length + 2}`,
        [...w.params, options.pageSize, (options.page - 1) * options.pageSize],
      ),
      this.sql.one<{ count: number }>(`SELECT count(*)::int AS count FROM task_monitoring.alert_rule r WHERE ${w.clause}`, w.params),
    ]);
    return { count: counted?.count ?? 0, rows };
  }

  /** Writes the rule's fields; `evaluateNow` brings its next evaluation forward (its condition changed). */
  async update(executor: SqlExecutor, brandId: BrandId, id: number, rule: RuleFields, evaluateNow: boolean): Promise<AlertRuleRow> {
    const sets = FIELDS.map((f, i) => `${f} = $${i + 4}`).join(', ');
    const row = await this.sql.one<AlertRuleRow>(
      `UPDATE task_monitoring.alert_rule SET ${sets}, updated_at = now(),
         state = CASE WHEN $3::boolean THEN 'unknown' ELSE state END,
         next_evaluation_at = CASE WHEN $3::boolean THEN now()
           ELSE least(next_evaluation_at, now() + make_interval(secs => $${FIELDS.indexOf('evaluation_interval_seconds') + 4}::int)) END
       WHERE brand_id = $1 AND id = $2 RETURNING *`,
      [brandId, id, evaluateNow, ...FIELDS.map((f) => rule[f])],
      executor,
    );
    return row as AlertRuleRow;
  }

  async delete(executor: SqlExecutor, brandId: BrandId, id: number): Promise<void> {
    await this.sql.rows(`DELETE FROM task_monitoring.alert_rule WHERE brand_id = $1 AND id = $2`, [brandId, id], executor);
  }

  /**
   * Claims enabled rules due for evaluation, across brands, and moves each one's next evaluation a full
   * interval ahead in the same statement: whatever the number of replicas, one of them evaluates a
   * rule per interval (SKIP LOCKED lets them claim disjoint rules without waiting for each other).
   */
  async claimDue(limit: number): Promise<AlertRuleRow[]> {
    return this.sql.rows<AlertRuleRow>(
      `UPDATE task_monitoring.alert_rule r
       SET next_evaluation_at = now() + make_interval(secs => r.evaluation_interval_seconds), last_evaluated_at = now()
       WHERE r.id IN (
         SELECT id FROM task_monitoring.alert_rule
         WHERE enabled AND next_evaluation_at <= now()
         ORDER BY next_evaluation_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING r.*`,
      [limit],
    );
  }

  /** Records what an evaluation saw. */
  async recordEvaluation(
    brandId: BrandId,
    id: number,
    result: { state: AlertRuleState; value: number | null; triggered: boolean },
    executor?: SqlExecutor,
  ): Promise<void> {
    await this.sql.rows(
      `UPDATE task_monitoring.alert_rule SET state = $3, last_value = $4,
         last_triggered_at = CASE WHEN $5::boolean THEN now() ELSE last_triggered_at END
       WHERE brand_id = $1 AND id = $2`,
      [brandId, id, result.state, result.value, result.triggered],
      executor,
    );
  }
}
