// Wire contract of readiness checks: the gateway's /health asks every service.

export const HealthSubject = {
  Core: 'core.health.check',
  Monitoring: 'monitoring.health.check',
  Persistence: 'persistence.health.check',
  Scheduling: 'scheduling.health.check',
} as const;
export type HealthSubject = (typeof HealthSubject)[keyof typeof HealthSubject];

export class HealthCheckRequest {}
export type HealthCheckResponse = { service: string; status: 'ok'; version: string };

export type HealthContract = {
  requests: { [S in HealthSubject]: { request: HealthCheckRequest; response: HealthCheckResponse } };
};
