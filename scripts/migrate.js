#!/usr/bin/env node
// `npm run migrate`: creates the database if needed, then each service's schema, and runs its
// migrations (DATABASE_URL). Each service migrates under its own advisory lock, so running this twice
// at once is safe. Without DATABASE_URL and with nothing answering at the default address, it uses
// the private Postgres of a running `npm start` of this checkout, or starts it for the time of the
// migrations (libs/platform/src/local-servers).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { SERVICES } = require('./apps');

const root = path.resolve(__dirname, '..');

function migrateAll(env) {
  for (const { app } of SERVICES) {
    const main = path.join(root, 'dist', 'apps', app, 'main.js');
    if (!fs.existsSync(main)) {
      process.stderr.write(`${main} is missing: run \`npm run build\` first\n`);
      return 1;
    }
    const result = spawnSync(process.execPath, [main, 'migrate'], { stdio: 'inherit', env });
    if (result.status !== 0) {
      process.stderr.write(`migration of ${app} failed\n`);
      return result.status ?? 1;
    }
  }
  return 0;
}

async function main() {
  // The image (production, no dev dependencies) always has DATABASE_URL: only a checkout looks further.
  if (process.env.DATABASE_URL || process.env.NODE_ENV === 'production') return migrateAll(process.env);
  const local = require('./register-ts').requireTs('libs/platform/src/local-servers');
  const say = (line) => process.stdout.write(`${line}\n`);
  const plan = await local.planLocalServers({ env: process.env, needs: ['postgres'], root, reuseRunning: true });
  const servers = await local.startLocalServers(plan, say);
  try {
    return migrateAll({ ...process.env, ...servers.env });
  } finally {
    await servers.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
