/**
 * How hard each scenario pushes. `ci` (CHAOS_PROFILE=ci, the default when CI=true) keeps the whole suite
 * near ten minutes on two cores; `full` (the local default) runs longer loads and more faults.
 */
export type ChaosProfile = {
  name: 'ci' | 'full';
  workerKill: { workers: number; concurrency: number; kills: number; killEverySeconds: number; minLoadSeconds: number; ratePerSecond: number };
  natsKill: { kills: number; warmupSeconds: number; outageSeconds: number; minLoadSeconds: number; ratePerSecond: number };
  postgresStop: { stops: number; warmupSeconds: number; outageSeconds: number; minLoadSeconds: number; ratePerSecond: number };
  outboxCrash: { rounds: number; burst: number };
  scheduler: { runs: number; killAfterSeconds: number; killFirst: boolean };
  resumable: { jobs: number; keywords: number; stepMs: number; kills: number };
};

const CI: ChaosProfile = {
  name: 'ci',
  workerKill: { workers: 3, concurrency: 8, kills: 3, killEverySeconds: 6, minLoadSeconds: 20, ratePerSecond: 15 },
  natsKill: { kills: 1, warmupSeconds: 8, outageSeconds: 8, minLoadSeconds: 25, ratePerSecond: 15 },
  postgresStop: { stops: 1, warmupSeconds: 8, outageSeconds: 10, minLoadSeconds: 25, ratePerSecond: 15 },
  outboxCrash: { rounds: 2, burst: 1000 },
  scheduler: { runs: 20, killAfterSeconds: 8, killFirst: true },
  resumable: { jobs: 2, keywords: 40, stepMs: 150, kills: 1 },
};

const FULL: ChaosProfile = {
  name: 'full',
  workerKill: { workers: 3, concurrency: 8, kills: 15, killEverySeconds: 6, minLoadSeconds: 90, ratePerSecond: 25 },
  natsKill: { kills: 3, warmupSeconds: 10, outageSeconds: 8, minLoadSeconds: 60, ratePerSecond: 25 },
  postgresStop: { stops: 3, warmupSeconds: 10, outageSeconds: 10, minLoadSeconds: 60, ratePerSecond: 25 },
  outboxCrash: { rounds: 5, burst: 1000 },
  scheduler: { runs: 60, killAfterSeconds: 20, killFirst: true },
  resumable: { jobs: 4, keywords: 80, stepMs: 150, kills: 3 },
};

export function chaosProfile(): ChaosProfile {
  const name = process.env.CHAOS_PROFILE ?? (process.env.CI === 'true' ? 'ci' : 'full');
  if (name !== 'ci' && name !== 'full') throw new Error(`CHAOS_PROFILE must be ci or full, not ${name}`);
  return name === 'ci' ? CI : FULL;
}
