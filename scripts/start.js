#!/usr/bin/env node
// `npm start`: builds and migrates if needed, then runs all six apps as separate processes with
// prefixed logs. Ctrl-C (or SIGTERM) stops them all.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');
const { APPS } = require('./apps');

const root = path.resolve(__dirname, '..');
const missing = APPS.filter((app) => !fs.existsSync(path.join(root, 'dist', 'apps', app, 'main.js')));
if (missing.length > 0 || process.argv.includes('--build')) {
  const built = spawnSync(process.execPath, [path.join(__dirname, 'build.js')], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const migrated = spawnSync(process.execPath, [path.join(__dirname, 'migrate.js')], { stdio: 'inherit' });
if (migrated.status !== 0) process.exit(migrated.status ?? 1);

const width = Math.max(...APPS.map((a) => a.length));
const children = APPS.map((app) => {
  const child = spawn(process.execPath, [path.join(root, 'dist', 'apps', app, 'main.js')], {
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `${app.padEnd(width)} | `;
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => process.stdout.write(prefix + line + '\n'));
  }
  child.on('exit', (code, signal) => {
    process.stdout.write(`${prefix}exited (${signal ?? code})\n`);
    if (!stopping) stop(1);
  });
  return child;
});

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  const deadline = setTimeout(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  }, 30_000);
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.on('exit', r))))).then(() => {
    clearTimeout(deadline);
    process.exit(code);
  });
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
