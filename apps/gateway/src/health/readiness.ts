import { HealthSubject } from '@app/contracts';
import { AppError, DATABASE_UNAVAILABLE_DETAIL, NatsBus } from '@app/platform';
import { Injectable } from '@nestjs/common';

const READINESS_TIMEOUT_MS = 1500;
/**
 * Readiness probes arriving within this window (or while one is in flight) share one fan-out to the
 * four services: a burst of probes costs four NATS requests, not four per probe, and an answer is
 * never older than this.
 */
const READINESS_SHARE_MS = 100;

/**
 * `services`: `ok` or `unavailable` per service. When not ready, `missing` says what for each one that
 * is not: `postgres` (the service answered, its database did not), `no answer` (it is not running, or
 * NATS lost it) or `timeout`; `nats` is the gateway's own connection.
 */
export type ReadinessBody = {
  status: 'ok' | 'unavailable';
  nats: 'ok' | 'down';
  services: Record<string, 'ok' | 'unavailable'>;
  missing?: Record<string, string>;
};
/** The body is serialized once per fan-out, not once per probe that shares it. */
export type Readiness = { ready: boolean; json: string };

/** One fan-out to the services, shared by the probes that arrive while it runs and just after. */
type SharedProbe = { startedAt: number; result: Promise<Readiness>; settled?: Readiness };

/** Ready when all four services answer over NATS. */
@Injectable()
export class ReadinessProbe {
  private latest?: SharedProbe;

  constructor(private readonly bus: NatsBus) {}

  check(): Promise<Readiness> {
    const latest = this.latest;
    if (latest && (!latest.settled || this.isFresh(latest))) return latest.result;
    const probe: SharedProbe = { startedAt: Date.now(), result: this.probe() };
    void probe.result.then(
      (readiness) => (probe.settled = readiness),
      // A probe that failed outright (it should not: each service's failure is an answer) is not shared.
      () => this.latest === probe && (this.latest = undefined),
    );
    this.latest = probe;
    return probe.result;
  }

  /** The answer check() would share right now if it is already known: lets a probe be answered without waiting. */
  settledAnswer(): Readiness | undefined {
    const latest = this.latest;
    return latest?.settled && this.isFresh(latest) ? latest.settled : undefined;
  }

  private isFresh(probe: SharedProbe): boolean {
    return Date.now() - probe.startedAt < READINESS_SHARE_MS;
  }

  private async probe(): Promise<Readiness> {
    const nats = this.bus.connected ? 'ok' : 'down';
    const entries = await Promise.all(
      Object.entries(HealthSubject).map(async ([name, subject]) => {
        const missing = await this.bus.request(subject, {}, { timeoutMs: READINESS_TIMEOUT_MS }).then(
          () => undefined,
          (error: unknown) => (nats === 'down' ? 'nats' : whatIsMissing(error)),
        );
        return [name.toLowerCase(), missing] as const;
      }),
    );
    const ready = nats === 'ok' && entries.every(([, missing]) => missing === undefined);
    const body: ReadinessBody = {
      status: ready ? 'ok' : 'unavailable',
      nats,
      services: Object.fromEntries(entries.map(([name, missing]) => [name, missing ? 'unavailable' : 'ok'])),
    };
    if (!ready) body.missing = Object.fromEntries(entries.filter(([, missing]) => missing).map(([name, missing]) => [name, missing as string]));
    return { ready, json: JSON.stringify(body) };
  }
}

/** What a failed health request says is missing behind the service. */
function whatIsMissing(error: unknown): string {
  if (!(error instanceof AppError)) return 'no answer';
  if (error.detail === DATABASE_UNAVAILABLE_DETAIL) return 'postgres';
  return /in time/.test(error.detail) ? 'timeout' : 'no answer';
}
