import {
  Actor,
  ALERT_METRICS,
  ALERT_SEVERITIES,
  ALERT_STATUSES,
  AlertDetailDto,
  AlertDto,
  AlertStatus,
  ErrorCode,
  FieldErrors,
  ListAlertsQuery,
  Page,
} from '@app/contracts';
import {
  allOf,
  AppError,
  nullable,
  OrderingColumn,
  pageWindow,
  parseEnumList,
  parseOrdering,
  searchPattern,
  splitList,
  Sql,
} from '@app/platform';
import { brandOf } from '@app/tenancy';
import { Injectable } from '@nestjs/common';
import { requireRole } from '../common/roles';
import { WebhookDeliveryRepository } from '../webhook/webhook-delivery.repository';
import { AlertLifecycle } from './alert.lifecycle';
import { toAlertDto, toDeliveryDto } from './alert.mapper';
import { AlertListOptions, AlertRepository } from './alert.repository';

const OPEN: AlertStatus[] = ['active', 'acknowledged'];

const ALERT_ORDERING: Record<string, OrderingColumn> = {
  id: 'a.id',
  triggered_at: 'a.triggered_at',
  resolved_at: nullable('a.resolved_at'),
  last_evaluated_at: 'a.last_evaluated_at',
  severity: `array_position(ARRAY['info','warning','critical']::text[], a.severity::text)`,
  status: 'a.status',
  rule_name: 'a.rule_name',
};

@Injectable()
export class AlertService {
  constructor(
    private readonly sql: Sql,
    private readonly alerts: AlertRepository,
    private readonly lifecycle: AlertLifecycle,
    private readonly deliveries: WebhookDeliveryRepository,
  ) {}

  async list(actor: Actor, query: ListAlertsQuery): Promise<Page<AlertDto>> {
    const options = listOptions(query);
    const { count, rows } = await this.alerts.list(brandOf(actor), options);
    return { count, page: options.page, page_size: options.pageSize, results: rows.map(toAlertDto) };
  }

  async get(actor: Actor, id: number): Promise<AlertDetailDto> {
    const brandId = brandOf(actor);
    const row = await this.alerts.findById(brandId, id);
    if (!row) throw notFound();
    const deliveries = await this.deliveries.listForAlert(brandId, id);
    return { ...toAlertDto(row), webhook_deliveries: deliveries.map(toDeliveryDto) };
  }

  /** Someone is on it: the alert stays open (and still resolves itself when the condition clears). */
  async acknowledge(actor: Actor, id: number): Promise<AlertDto> {
    requireRole(actor, 'editor');
    const brandId = brandOf(actor);
    const acknowledged = await this.alerts.acknowledge(brandId, id, { id: actor.user_id, username: actor.username });
    if (acknowledged) return toAlertDto(acknowledged);
    const row = await this.alerts.findById(brandId, id);
    if (!row) throw notFound();
    if (row.status === 'resolved') throw new AppError(ErrorCode.Conflict, 'A resolved alert cannot be acknowledged');
    return toAlertDto(row); // already acknowledged: nothing changes
  }

  /**
   * Closes an alert by hand. If its condition still holds, the rule opens a new alert at a later
   * evaluation, once its cooldown has passed.
   */
  async resolve(actor: Actor, id: number): Promise<AlertDto> {
    requireRole(actor, 'editor');
    const brandId = brandOf(actor);
    const result = await this.sql.transaction(async (client) => {
      const row = await this.alerts.findById(brandId, id, client, { lock: true });
      if (!row) throw notFound();
      if (row.status === 'resolved') return { alert: toAlertDto(row), changed: false };
      const rule = row.rule_id
        ? await this.sql.one<{ webhook_url: string | null }>(
            `SELECT webhook_url FROM task_monitoring.alert_rule WHERE brand_id = $1 AND id = $2`,
            [brandId, row.rule_id],
            client,
          )
        : null;
      const by = { id: actor.user_id, username: actor.username };
      const alert = await this.lifecycle.close(client, brandId, id, { resolution: 'manual', by }, rule?.webhook_url ?? null);
      return { alert: alert ?? toAlertDto(row), changed: alert !== null };
    });
    if (result.changed) this.lifecycle.flush();
    return result.alert;
  }
}

function notFound(): AppError {
  // Another brand's alert answers exactly like a missing one.
  return new AppError(ErrorCode.AlertNotFound, 'Alert not found');
}

function listOptions(query: ListAlertsQuery): AlertListOptions {
  const errors: FieldErrors = {};
  const { page, pageSize } = pageWindow(query);
  const options: AlertListOptions = {
    page,
    pageSize,
    ordering: parseOrdering(query.ordering, ALERT_ORDERING, '-triggered_at', errors),
    filters: {
      // Open alerts when neither status filter is given.
      statuses: allOf(parseStatuses('status', query.status, errors), parseStatuses('status__in', query.status__in, errors)) ?? OPEN,
      severities: allOf(
        parseEnumList('severity', query.severity, ALERT_SEVERITIES, errors),
        parseEnumList('severity__in', query.severity__in, ALERT_SEVERITIES, errors),
      ),
      ruleId: query.rule,
      metrics: allOf(
        parseEnumList('metric', query.metric, ALERT_METRICS, errors),
        parseEnumList('metric__in', query.metric__in, ALERT_METRICS, errors),
      ),
      triggeredGte: query.triggered_at__gte,
      triggeredLte: query.triggered_at__lte,
      search: searchPattern(query.search),
    },
  };
  if (Object.keys(errors).length > 0) throw AppError.validation(errors);
  return options;
}

/** `open` (active and acknowledged) and `all` stand for those sets of statuses. */
function parseStatuses(field: string, raw: string | undefined, errors: FieldErrors): AlertStatus[] | undefined {
  if (raw === undefined) return undefined;
  const expanded = splitList(raw)
    .flatMap((s) => (s === 'open' ? OPEN : s === 'all' ? [...ALERT_STATUSES] : [s]))
    .join(',');
  return parseEnumList(field, expanded, ALERT_STATUSES, errors);
}
