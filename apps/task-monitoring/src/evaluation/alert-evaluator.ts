import { AppLogger, Sql, WakeableLoop } from '@app/platform';
import { trustedBrandId } from '@app/tenancy';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AlertLifecycle } from '../alert/alert.lifecycle';
import { AlertRepository } from '../alert/alert.repository';
import { AlertRuleRepository, AlertRuleRow } from '../alert-rule/alert-rule.repository';
import { MONITORING_CONFIG, MonitoringConfig } from '../config';
import { MonitoringMetrics } from '../prometheus/monitoring-metrics';
import { conditionHolds, decide, Decision, describeCondition } from './evaluation.rules';
import { RuleMetricSource } from './rule-metric.source';

const CLAIM_BATCH = 25;

/**
 * Evaluates due alert rules on every replica's tick. The claim (alert-rule.repository.ts, claimDue)
 * hands each due rule to one replica per interval; the decision is taken with the rule and its open
 * alert locked, and the partial unique index keeps one open alert per rule even if two evaluations of
 * the same rule ever overlap.
 */
@Injectable()
export class AlertEvaluator implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new AppLogger(AlertEvaluator.name);
  private readonly loop: WakeableLoop;

  constructor(
    private readonly sql: Sql,
    private readonly rules: AlertRuleRepository,
    private readonly alerts: AlertRepository,
    private readonly lifecycle: AlertLifecycle,
    private readonly source: RuleMetricSource,
    private readonly prom: MonitoringMetrics,
    @Inject(MONITORING_CONFIG) private readonly config: MonitoringConfig,
  ) {
    this.loop = new WakeableLoop(AlertEvaluator.name, () => this.evaluateDue(), config.alerts.tickMs, 'after-idle');
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** Evaluates every rule due now, a claimed batch at a time. */
  private async evaluateDue(): Promise<void> {
    for (;;) {
      const due = await this.rules.claimDue(CLAIM_BATCH);
      for (const rule of due) await this.evaluate(rule);
      if (due.length < CLAIM_BATCH || !this.loop.isRunning) return;
    }
  }

  private async evaluate(claimed: AlertRuleRow): Promise<void> {
    const brandId = trustedBrandId(claimed.brand_id);
    let value: number | null;
    try {
      value = await this.source.measure(claimed);
    } catch (error) {
      this.logger.warn('alert rule not evaluated: its data source did not answer', { rule_id: claimed.id, brand_id: brandId, err: error });
      this.prom.evaluations.inc({ outcome: 'error' });
      await this.rules.recordEvaluation(brandId, claimed.id, { state: 'unknown', value: null, triggered: false }).catch(() => undefined);
      return;
    }
    const holds = conditionHolds(value, claimed.operator, claimed.threshold);
    const decision = await this.sql.transaction(async (client): Promise<Decision | 'gone'> => {
      // The rule as it is now (a PATCH or DELETE may have raced with the measurement).
      const rule = await this.rules.findById(brandId, claimed.id, client, { lock: true });
      if (!rule || !rule.enabled) return 'gone';
      const open = await this.alerts.findOpenForRule(brandId, rule.id, client);
      const decision = decide({
        holds,
        hasOpenAlert: open !== null,
        lastTriggeredAt: rule.last_triggered_at,
        cooldownMinutes: rule.cooldown_minutes,
        now: new Date(),
      });
      let triggered = false;
      if (decision === 'trigger') {
        triggered = (await this.lifecycle.open(client, brandId, rule, value, describeCondition(rule, value))) !== null;
      } else if (decision === 'firing' && open) {
        await this.alerts.touchFiring(client, brandId, open.id, value);
      } else if (decision === 'resolve' && open) {
        await this.lifecycle.close(client, brandId, open.id, { resolution: 'auto', value }, rule.webhook_url);
      }
      await this.rules.recordEvaluation(brandId, rule.id, { state: holds ? 'firing' : 'ok', value, triggered }, client);
      return decision;
    });
    this.prom.evaluations.inc({ outcome: decision === 'trigger' ? 'triggered' : decision === 'resolve' ? 'resolved' : decision });
    if (decision === 'trigger' || decision === 'resolve') {
      this.logger.info(`alert ${decision === 'trigger' ? 'triggered' : 'resolved'}`, { rule_id: claimed.id, brand_id: brandId, value });
      this.lifecycle.flush();
    }
  }
}
