#!/usr/bin/env node
// `npm run build`: every app to dist/apps/<app>/main.js (nest monorepo, webpack), two at a time, and the
// operator dashboard (apps/gateway/ui, served by the gateway) to dist/ui. `node scripts/build.js gateway`
// builds the gateway and its dashboard; `node scripts/build.js ui` the dashboard alone.
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');
const { APPS } = require('./apps');

const root = path.resolve(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const only = process.argv.slice(2);
const queue = only.length ? APPS.filter((a) => only.includes(a)) : [...APPS];
if (only.length === 0 || only.includes('gateway') || only.includes('ui')) queue.push('ui');

// The dashboard: its own type check (Vite strips types without checking them), then the bundle.
const UI_STEPS = [
  [bin('tsc'), ['-p', 'apps/gateway/ui/tsconfig.json']],
  [bin('vite'), ['build', '--config', 'apps/gateway/ui/vite.config.mjs']],
];

function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(output))));
  });
}

async function build(app) {
  try {
    if (app === 'ui') for (const [command, args] of UI_STEPS) await run(command, args);
    else await run(bin('nest'), ['build', app]);
    process.stdout.write(`built ${app}\n`);
  } catch (error) {
    process.stderr.write(`build of ${app} failed:\n${error.message}\n`);
    throw new Error(`build of ${app} failed`);
  }
}

async function worker() {
  for (let app = queue.shift(); app; app = queue.shift()) await build(app);
}

Promise.all([worker(), worker()]).catch(() => process.exit(1));
