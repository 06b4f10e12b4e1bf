import { ApiClient } from '@app/testing';

/** One answer the load client got: when, what status (or a client-side failure), how long it took. */
export type Sample = { at: number; status: number | 'timeout' | 'network'; ms: number };

/**
 * The client-side ledger (Jepsen-style): a task id is `accepted` only when the API answered 201/200
 * with it. A request that failed or timed out is not in the ledger: its task may or may not exist, and
 * the oracle never counts it as lost.
 */
export class Ledger {
  readonly accepted = new Set<number>();
  readonly samples: Sample[] = [];

  record(sample: Sample, ids: number[] = []): void {
    this.samples.push(sample);
    ids.forEach((id) => this.accepted.add(id));
  }

  countByStatus(from = 0, to = Number.MAX_SAFE_INTEGER): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const s of this.samples) {
      if (s.at < from || s.at > to) continue;
      counts[String(s.status)] = (counts[String(s.status)] ?? 0) + 1;
    }
    return counts;
  }

  /** Answers that are neither a success nor the documented 503 (nor a client timeout): must be none. */
  unexpected(): Sample[] {
    return this.samples.filter((s) => typeof s.status === 'number' && ![200, 201, 503].includes(s.status));
  }

  /** First successful answer at or after `from` (ms epoch), or undefined. */
  firstSuccessAfter(from: number): Sample | undefined {
    return this.samples.filter((s) => s.at >= from && (s.status === 201 || s.status === 200)).sort((a, b) => a.at - b.at)[0];
  }
}

export type LoadOptions = {
  api: ApiClient;
  ratePerSecond: number;
  /** The body of the i-th task. */
  task: (i: number) => Record<string, unknown>;
  /** Every `bulkEvery`-th request is a bulk create of `bulkSize` tasks instead of a single one. */
  bulkEvery?: number;
  bulkSize?: number;
  /** Requests in flight at most; a tick finding them all busy sends nothing (the client backs off). */
  maxInFlight?: number;
  requestTimeoutMs?: number;
};

/** Creates tasks through the gateway at a steady rate until stopped, recording every answer. */
export class LoadGenerator {
  readonly ledger = new Ledger();
  private timer?: NodeJS.Timeout;
  private readonly inFlight = new Set<Promise<void>>();
  private sent = 0;

  constructor(private readonly options: LoadOptions) {}

  start(): this {
    const intervalMs = Math.max(1, Math.round(1000 / this.options.ratePerSecond));
    this.timer = setInterval(() => this.tick(), intervalMs);
    return this;
  }

  /** Stops sending and waits for the requests in flight to settle. */
  async stop(): Promise<Ledger> {
    clearInterval(this.timer);
    await Promise.all([...this.inFlight]);
    return this.ledger;
  }

  private tick(): void {
    if (this.inFlight.size >= (this.options.maxInFlight ?? 16)) return;
    const n = this.sent++;
    const bulk = this.options.bulkEvery && n % this.options.bulkEvery === this.options.bulkEvery - 1;
    const request = bulk
      ? this.send('/tasks/bulk/', { tasks: Array.from({ length: this.options.bulkSize ?? 20 }, (_, k) => this.options.task(n * 1000 + k)) })
      : this.send('/tasks/', this.options.task(n));
    this.inFlight.add(request);
    void request.finally(() => this.inFlight.delete(request));
  }

  private async send(path: string, body: unknown): Promise<void> {
    const started = Date.now();
    const { api } = this.options;
    try {
      const response = await fetch(`${api.baseUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${api.token}`, 'x-brand-id': String(api.brandId), 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 15_000),
      });
      const text = await response.text();
      const ids: number[] = [];
      if (response.status === 201 || response.status === 200) {
        const parsed = JSON.parse(text) as { id?: number; results?: Array<{ id: number }> };
        if (parsed.results) ids.push(...parsed.results.map((t) => t.id));
        else if (typeof parsed.id === 'number') ids.push(parsed.id);
      }
      this.ledger.record({ at: started, status: response.status, ms: Date.now() - started }, ids);
    } catch (error) {
      const name = (error as Error).name;
      this.ledger.record({ at: started, status: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network', ms: Date.now() - started });
    }
  }
}

/** A short `sleep` or a `noop`, on the scenario's queue, with retries to spare for repeated crashes. */
export function shortTask(queue: string): (i: number) => Record<string, unknown> {
  return (i) =>
    i % 3 === 0
      ? { task_type: 'noop', queue, max_retries: 10, retry_delay_seconds: 0.2 }
      : { task_type: 'sleep', queue, context_data: { ms: 20 + (i % 10) * 20 }, max_retries: 10, retry_delay_seconds: 0.2 };
}
