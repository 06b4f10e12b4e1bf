// The deployable apps, in start order. Their ports are PORT_BASE plus an offset (libs/platform/src/config/ports.ts).
'use strict';

const SERVICES = [
  { app: 'task-core', schema: 'task_core' },
  { app: 'task-monitoring', schema: 'task_monitoring' },
  { app: 'task-persistence', schema: 'task_persistence' },
  { app: 'task-scheduling', schema: 'task_scheduling' },
];
const APPS = [...SERVICES.map((s) => s.app), 'gateway', 'worker'];

module.exports = { SERVICES, APPS };
