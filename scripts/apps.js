// The deployable apps, in start order, with their default HTTP ports (SPEC §7).
'use strict';

const SERVICES = [
  { app: 'task-core', port: 3101, schema: 'task_core' },
  { app: 'task-monitoring', port: 3102, schema: 'task_monitoring' },
  { app: 'task-persistence', port: 3103, schema: 'task_persistence' },
  { app: 'task-scheduling', port: 3104, schema: 'task_scheduling' },
];
const APPS = [...SERVICES.map((s) => s.app), 'gateway', 'worker'];

module.exports = { SERVICES, APPS };
