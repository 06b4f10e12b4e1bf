// Durations, sizes and every system's tuning, in one place (docs/performance.md explains the choices).
'use strict';

/**
 * B3's total worker concurrency, the same for every system. 32 keeps graphile-worker within its own
 * advice (maxPoolSize ≥ concurrency) without exhausting the shared Postgres' connections.
 */
const DRAIN_CONCURRENCY = 32;

function config({ quick }) {
  return {
    reps: quick ? 1 : 3,
    b1: { durationS: quick ? 5 : 10, warmupS: 2 },
    b3: {
      tasks: 20_000,
      timeoutMs: 300_000,
      concurrency: DRAIN_CONCURRENCY,
      ours: { processes: 1, concurrency: DRAIN_CONCURRENCY },
      peers: {
        'graphile-worker': { concurrency: DRAIN_CONCURRENCY, poolSize: DRAIN_CONCURRENCY },
        'pg-boss': { workers: 2, batchSize: DRAIN_CONCURRENCY / 2, poolSize: 10 },
        bullmq: { concurrency: DRAIN_CONCURRENCY },
      },
    },
    b4: {
      // BENCH_B4_RATE: a lower rate shows latency below saturation on a box too loaded to take 200/s.
      rate: Number(process.env.BENCH_B4_RATE || 200),
      durationS: quick ? 10 : 20,
      warmupS: 1,
      peers: {
        'graphile-worker': { concurrency: 16, poolSize: 16 },
        'pg-boss': { workers: 1, batchSize: 100, poolSize: 10 },
        bullmq: { concurrency: 16 },
      },
    },
    b8: { schedules: 200, durationS: quick ? 20 : 60, replicas: 2 },
    b9: { durationS: quick ? 5 : 10, warmupS: 2 },
  };
}

module.exports = { config, DRAIN_CONCURRENCY };
