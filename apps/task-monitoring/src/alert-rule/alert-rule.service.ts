import {
  Actor,
  ALERT_METRICS,
  ALERT_SEVERITIES,
  AlertRuleDto,
  CreateAlertRuleBody,
  ErrorCode,
  FieldErrors,
  ListAlertRulesQuery,
  Page,
  UpdateAlertRuleBody,
} from '@app/contracts';
import {
  allOf,
  AppError,
  nullable,
  OrderingColumn,
  pageWindow,
  parseEnumList,
  parseOrdering,
  parseQueryBoolean,
  searchPattern,
  Sql,
} from '@app/platform';
import { brandOf, BrandId } from '@app/tenancy';
import { Inject, Injectable } from '@nestjs/common';
import { PoolClient } from 'pg';
import { AlertLifecycle } from '../alert/alert.lifecycle';
import { AlertRepository } from '../alert/alert.repository';
import { requireRole } from '../common/roles';
import { MONITORING_CONFIG, MonitoringConfig } from '../config';
import { toAlertRuleDto } from './alert-rule.mapper';
import { AlertRuleRepository, AlertRuleRow, RuleFields, RuleListOptions } from './alert-rule.repository';
import { conditionChanged, mergeRuleFields, newRuleFields, ruleProblems } from './alert-rule.rules';

const RULE_ORDERING: Record<string, OrderingColumn> = {
  id: 'r.id',
  name: 'r.name',
  metric: 'r.metric',
  created_at: 'r.created_at',
  updated_at: 'r.updated_at',
  last_evaluated_at: nullable('r.last_evaluated_at'),
  last_triggered_at: nullable('r.last_triggered_at'),
  severity: `array_position(ARRAY['info','warning','critical']::text[], r.severity::text)`,
};

const UNIQUE_NAME = 'alert_rule_brand_name_key';

@Injectable()
export class AlertRuleService {
  constructor(
    private readonly sql: Sql,
    private readonly rules: AlertRuleRepository,
    private readonly alerts: AlertRepository,
    private readonly lifecycle: AlertLifecycle,
    @Inject(MONITORING_CONFIG) private readonly config: MonitoringConfig,
  ) {}

  async create(actor: Actor, body: CreateAlertRuleBody): Promise<AlertRuleDto> {
    requireRole(actor, 'admin');
    const fields = newRuleFields(body, { evaluationIntervalSeconds: this.config.alerts.evaluationIntervalSeconds });
    this.check(fields);
    const owner = { brandName: actor.brand_name, userId: actor.user_id, username: actor.username };
    const row = await this.rules.insert(brandOf(actor), owner, fields).catch(rethrowDuplicateName);
    return toAlertRuleDto(row, actor);
  }

  async list(actor: Actor, query: ListAlertRulesQuery): Promise<Page<AlertRuleDto>> {
    const options = listOptions(query);
    const { count, rows } = await this.rules.list(brandOf(actor), options);
    return { count, page: options.page, page_size: options.pageSize, results: rows.map((r) => toAlertRuleDto(r, actor)) };
  }

  async get(actor: Actor, id: number): Promise<AlertRuleDto> {
    const row = await this.rules.findById(brandOf(actor), id);
    if (!row) throw notFound();
    return toAlertRuleDto(row, actor);
  }

  /** A disabled rule's open alert resolves at once (`rule_disabled`): nobody watches it any more. */
  async update(actor: Actor, id: number, changes: UpdateAlertRuleBody): Promise<AlertRuleDto> {
    requireRole(actor, 'admin');
    const brandId = brandOf(actor);
    const { row, closed } = await this.sql
      .transaction(async (client) => {
        const current = await this.getLocked(client, brandId, id);
        const before = fieldsOf(current);
        const after = mergeRuleFields(before, changes);
        this.check(after);
        const updated = await this.rules.update(client, brandId, id, after, conditionChanged(before, after));
        const closed = before.enabled && !after.enabled && (await this.closeOpenAlert(client, brandId, current, 'rule_disabled'));
        return { row: updated, closed };
      })
      .catch(rethrowDuplicateName);
    if (closed) this.lifecycle.flush();
    return toAlertRuleDto(row, actor);
  }

  /** Deleting a rule resolves its open alert (`rule_deleted`); past alerts stay, without their rule. */
  async delete(actor: Actor, id: number): Promise<{ deleted: true }> {
    requireRole(actor, 'admin');
    const brandId = brandOf(actor);
    const closed = await this.sql.transaction(async (client) => {
      const current = await this.getLocked(client, brandId, id);
      const closed = await this.closeOpenAlert(client, brandId, current, 'rule_deleted');
      await this.rules.delete(client, brandId, id);
      return closed;
    });
    if (closed) this.lifecycle.flush();
    return { deleted: true };
  }

  private async getLocked(client: PoolClient, brandId: BrandId, id: number): Promise<AlertRuleRow> {
    const row = await this.rules.findById(brandId, id, client, { lock: true });
    if (!row) throw notFound();
    return row;
  }

  private async closeOpenAlert(client: PoolClient, brandId: BrandId, rule: AlertRuleRow, resolution: 'rule_disabled' | 'rule_deleted'): Promise<boolean> {
    const open = await this.alerts.findOpenForRule(brandId, rule.id, client);
    if (!open) return false;
    return (await this.lifecycle.close(client, brandId, open.id, { resolution }, rule.webhook_url)) !== null;
  }

  private check(fields: RuleFields): void {
    const errors = ruleProblems(fields, { allowPrivateWebhooks: this.config.alerts.webhook.allowPrivate });
    if (Object.keys(errors).length > 0) throw AppError.validation(errors);
  }
}

function fieldsOf(row: AlertRuleRow): RuleFields {
  return {
    name: row.name,
    description: row.description,
    metric: row.metric,
    operator: row.operator,
    threshold: row.threshold,
    window_minutes: row.window_minutes,
    task_type: row.task_type,
    severity: row.severity,
    cooldown_minutes: row.cooldown_minutes,
    enabled: row.enabled,
    webhook_url: row.webhook_url,
    evaluation_interval_seconds: row.evaluation_interval_seconds,
  };
}

function notFound(): AppError {
  // Another brand's rule answers exactly like a missing one.
  return new AppError(ErrorCode.AlertRuleNotFound, 'Alert rule not found');
}

function rethrowDuplicateName(error: unknown): never {
  const pg = error as { code?: string; constraint?: string };
  if (pg?.code === '23505' && pg.constraint === UNIQUE_NAME) {
    throw AppError.validation({ name: ['An alert rule with this name already exists in this brand'] });
  }
  throw error;
}

function listOptions(query: ListAlertRulesQuery): RuleListOptions {
  const errors: FieldErrors = {};
  const { page, pageSize } = pageWindow(query);
  const options: RuleListOptions = {
    page,
    pageSize,
    ordering: parseOrdering(query.ordering, RULE_ORDERING, 'name', errors),
    filters: {
      metrics: allOf(
        parseEnumList('metric', query.metric, ALERT_METRICS, errors),
        parseEnumList('metric__in', query.metric__in, ALERT_METRICS, errors),
      ),
      severities: allOf(
        parseEnumList('severity', query.severity, ALERT_SEVERITIES, errors),
        parseEnumList('severity__in', query.severity__in, ALERT_SEVERITIES, errors),
      ),
      enabled: parseQueryBoolean(query.enabled),
      taskType: query.task_type,
      search: searchPattern(query.search),
    },
  };
  if (Object.keys(errors).length > 0) throw AppError.validation(errors);
  return options;
}
