// Public API of the contracts lib: wire types shared by the gateway, the services and the worker SDK.
import { CoreContract } from './core.contract';
import { HealthContract } from './health.contract';
import { MonitoringContract } from './monitoring.contract';
import { PersistenceContract } from './persistence.contract';
import { SchedulingContract } from './scheduling.contract';

export * from './actor';
export * from './body-rules';
export * from './calendar-days.validator';
export * from './core.contract';
export * from './errors';
export * from './health.contract';
export * from './json-size.validator';
export * from './monitoring.contract';
export * from './nats-url';
export * from './pagination';
export * from './required.validator';
export * from './persistence.contract';
export * from './scheduling.contract';
export * from './task-events';
export * from './task-priority';
export * from './work.contract';

/** Every request/reply subject of every service, mapped to its request and response types. */
export type AllRequests = CoreContract['requests'] & HealthContract['requests'] & PersistenceContract['requests'] &
  MonitoringContract['requests'] &
  SchedulingContract['requests'];
export type RequestSubject = keyof AllRequests;

/** Every JetStream event subject, mapped to its payload. */
export type AllEvents = CoreContract['events'] & PersistenceContract['events'] & SchedulingContract['events'] &
  MonitoringContract['events'];
export type EventSubject = keyof AllEvents;
