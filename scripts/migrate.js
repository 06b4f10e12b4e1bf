#!/usr/bin/env node
// `npm run migrate`: creates each service's schema and runs its migrations (DATABASE_URL).
// Each service migrates under its own advisory lock, so running this twice at once is safe.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { SERVICES } = require('./apps');

const root = path.resolve(__dirname, '..');
for (const { app } of SERVICES) {
  const main = path.join(root, 'dist', 'apps', app, 'main.js');
  if (!fs.existsSync(main)) {
    process.stderr.write(`${main} is missing: run \`npm run build\` first\n`);
    process.exit(1);
  }
  const result = spawnSync(process.execPath, [main, 'migrate'], { stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    process.stderr.write(`migration of ${app} failed\n`);
    process.exit(result.status ?? 1);
  }
}
