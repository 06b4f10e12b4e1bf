/**
 * Every port a stack listens on, as an offset from PORT_BASE, so that a second stack on the same
 * machine moves all of them with one variable (`PORT_BASE=4000`: gateway 4000, task-core 4101, …)
 * instead of dying on EADDRINUSE at its first app. An explicit GATEWAY_PORT or HTTP_PORT still wins.
 */
export const PORT_OFFSETS = {
  gateway: 0,
  'task-core': 101,
  'task-monitoring': 102,
  'task-persistence': 103,
  'task-scheduling': 104,
  worker: 105,
  // The private servers `npm start` runs when no Postgres or NATS answers (local-servers/).
  'embedded-postgres': 110,
  'embedded-nats': 111,
} as const;

export type PortOwner = keyof typeof PORT_OFFSETS;

export const DEFAULT_PORT_BASE = 3000;
/** The highest base whose whole block still fits below 65536. */
export const MAX_PORT_BASE = 65_535 - Math.max(...Object.values(PORT_OFFSETS));

/** The port of one listener: the explicit one when set, else PORT_BASE plus its offset. */
export function portFor(owner: PortOwner, base: number = DEFAULT_PORT_BASE, explicit?: number): number {
  return explicit ?? base + PORT_OFFSETS[owner];
}
