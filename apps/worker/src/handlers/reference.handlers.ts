import { HandlesTask, NonRetryableError, TaskContext } from '@app/worker-sdk';
import { Injectable } from '@nestjs/common';

/** Waits `ms`, rejecting at once with the signal's reason when the attempt is aborted. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function positiveInt(value: unknown, fallback: number, max: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? Math.min(value, max) : fallback;
}

type SeoState = { next_index: number; processed: number[]; insights: number };

/** The handlers of SPEC §8, used by the tests, the benchmarks and the demo. */
@Injectable()
export class ReferenceHandlers {
  @HandlesTask('noop')
  noop(): Record<string, unknown> {
    return { ok: true };
  }

  /** Waits `context_data.ms` (default 1000), reporting progress, stopping at once when aborted. */
  @HandlesTask('sleep')
  async sleep(ctx: TaskContext): Promise<Record<string, unknown>> {
    const total = positiveInt(ctx.data.ms, 1000, 24 * 3600 * 1000);
    const steps = 10;
    for (let i = 1; i <= steps; i++) {
      await pause(total / steps, ctx.signal);
      ctx.progress((i / steps) * 100, `slept ${Math.round((total * i) / steps)} ms`);
    }
    return { slept_ms: total };
  }

  /** Throws `context_data.message` (default "fail"); `non_retryable: true` fails without retries. */
  @HandlesTask('fail')
  fail(ctx: TaskContext): never {
    const message = typeof ctx.data.message === 'string' ? ctx.data.message : 'fail';
    throw ctx.data.non_retryable === true ? new NonRetryableError(message) : new Error(message);
  }

  /** Holds `context_data.mb` MiB (default 64) for `context_data.ms` (default 200): memory metrics demo. */
  @HandlesTask('memory_hog')
  async memoryHog(ctx: TaskContext): Promise<Record<string, unknown>> {
    const mb = positiveInt(ctx.data.mb, 64, 1024);
    const blocks: Buffer[] = [];
    while (blocks.length < mb) {
      // Filled a few MiB at a time: heartbeats and reports must not wait seconds behind the allocation.
      for (let i = 0; i < 16 && blocks.length < mb; i++) blocks.push(Buffer.alloc(1024 * 1024, 1));
      await new Promise((resolve) => setImmediate(resolve));
      ctx.signal.throwIfAborted();
    }
    await pause(positiveInt(ctx.data.ms, 200, 60_000), ctx.signal);
    return { held_mb: blocks.length };
  }

  /**
   * Walks `context_data.keyword_ids`, `step_ms` per keyword (default 50), with a checkpoint after each
   * one; resumes after the last checkpoint, so each keyword is counted once in the result.
   */
  @HandlesTask('seo_keyword_analysis')
  async seoKeywordAnalysis(ctx: TaskContext): Promise<Record<string, unknown>> {
    const ids = Array.isArray(ctx.data.keyword_ids) ? ctx.data.keyword_ids.filter((id): id is number => Number.isInteger(id)) : [];
    const stepMs = positiveInt(ctx.data.step_ms, 50, 60_000);
    const state = (ctx.lastCheckpoint as SeoState | null) ?? { next_index: 0, processed: [], insights: 0 };
    for (let i = state.next_index; i < ids.length; i++) {
      await pause(stepMs, ctx.signal);
      state.processed.push(ids[i]);
      if (ids[i] % 7 === 0) state.insights++;
      state.next_index = i + 1;
      ctx.reportCost(0.0001);
      await ctx.checkpoint(state, {
        current_step: i + 1,
        total_steps: ids.length,
        percentage: Math.round(((i + 1) / ids.length) * 1000) / 10,
        message: `keyword ${ids[i]} analysed`,
        items_processed: i + 1,
        items_total: ids.length,
      });
    }
    return { keywords_processed: state.processed.length, insights_generated: state.insights, keyword_ids: state.processed };
  }

  /** A small report built from `context_data` (`date`, `keywords`, `clicks`). */
  @HandlesTask('daily_seo_report')
  dailySeoReport(ctx: TaskContext): Record<string, unknown> {
    const keywords = Array.isArray(ctx.data.keywords) ? ctx.data.keywords.length : positiveInt(ctx.data.keywords, 0, 1e9);
    const clicks = positiveInt(ctx.data.clicks, 0, 1e12);
    ctx.reportCost(0.002);
    return {
      date: typeof ctx.data.date === 'string' ? ctx.data.date : new Date().toISOString().slice(0, 10),
      keywords_tracked: keywords,
      clicks,
      clicks_per_keyword: keywords > 0 ? Math.round((clicks / keywords) * 100) / 100 : 0,
      generated_at: new Date().toISOString(),
    };
  }
}
