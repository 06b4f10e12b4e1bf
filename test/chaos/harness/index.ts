// The fault-injection harness: servers of the suite's own, a load client with its ledger, the oracle.
export * from './chaos-stack';
export * from './events';
export * from './load';
export * from './nats-server';
export * from './oracle';
export * from './postgres-cluster';
export * from './profile';
export * from './report';

/** Waits a fixed time: only for the fault schedule (how long an outage lasts), never to await an outcome. */
export function holdFor(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
