#!/usr/bin/env node
// `npm start`: builds and migrates if needed, then runs all six apps as separate processes with
// prefixed logs. Ctrl-C (or SIGTERM) stops them all.
//
// When DATABASE_URL / NATS_URL are not set and nothing answers at the default addresses, it first
// starts private servers under the data folder (MEGAHUB_DATA_DIR, default .megahub/) and stops them
// last (libs/platform/src/local-servers). Everything that can fail fast (a missing binary, a port in
// use) is checked before the build.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');
const { APPS } = require('./apps');
const { createLogPrinter } = require('./log-printer');
const { requireTs, ROOT } = require('./register-ts');

const local = requireTs('libs/platform/src/local-servers');
const { logFormatFor } = requireTs('libs/platform/src/logging/log-format');

const LAUNCHER = 'megahub';
const print = createLogPrinter({
  pretty: logFormatFor({ isTTY: Boolean(process.stdout.isTTY), env: process.env }) === 'pretty',
  names: [LAUNCHER, ...APPS],
});
const say = (line) => process.stdout.write(print(LAUNCHER, line));

/** What runs now, so that a signal at any step stops exactly that. */
const state = { stopping: undefined, servers: undefined, step: undefined, apps: [] };

async function main() {
  const ports = local.stackPorts(process.env);
  const plan = await local.planLocalServers({ env: process.env, needs: ['postgres', 'nats'], root: ROOT });
  const busy = await local.busyPorts(ports);
  if (busy.length > 0) {
    const list = busy.map(({ app, port }) => `${port} (${app})`).join(', ');
    const [noun, verb] = busy.length > 1 ? ['ports', 'are'] : ['port', 'is'];
    throw new Error(`${noun} ${list} ${verb} already in use (another stack?): set PORT_BASE (e.g. PORT_BASE=4000) to move every port of this one`);
  }

  const missing = APPS.filter((app) => !fs.existsSync(path.join(ROOT, 'dist', 'apps', app, 'main.js')));
  if (missing.length > 0 || process.argv.includes('--build')) await runStep('build', [path.join(__dirname, 'build.js')], process.env);
  if (state.stopping) return;

  state.servers = local.startLocalServers(plan, say);
  const servers = await state.servers;
  if (state.stopping) return;
  const env = { ...process.env, ...servers.env };
  await runStep('migrate', [path.join(__dirname, 'migrate.js')], env);
  if (state.stopping) return;

  state.apps = APPS.map((app) => ({ app, child: startApp(app, env) }));
  await announceReady(ports[0].port);
}

/** Says once the gateway is ready, where to go next; while it is not, says every 30 s what is missing. */
async function announceReady(port) {
  const url = `http://localhost:${port}`;
  let lastSaid = Date.now();
  while (!state.stopping) {
    const answer = await fetch(`http://127.0.0.1:${port}/health`).then(
      async (response) => ({ ready: response.status === 200, body: await response.text() }),
      () => ({ ready: false, body: 'the gateway does not answer yet' }),
    );
    if (answer.ready) {
      say(`ready: ${url}/tasks/ (dashboard ${url}/tasks/ui/, API docs ${url}/tasks/docs/); a token: npm run -s token -- --user 1:martin --brand 9:Humari:admin; Ctrl-C stops everything`);
      return;
    }
    if (Date.now() - lastSaid >= 30_000) {
      say(`not ready yet: ${answer.body}`);
      lastSaid = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** SIGTERM, and SIGKILL for any that has not exited within 30 s (their grace is 25 s). */
async function stopAll(children) {
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  for (const child of running) child.kill('SIGTERM');
  const deadline = setTimeout(() => running.forEach((child) => child.kill('SIGKILL')), 30_000);
  await Promise.all(running.map((child) => new Promise((resolve) => child.once('exit', resolve))));
  clearTimeout(deadline);
}

/** A step before the apps (build, migrate): its output prefixed, a failure ends the launcher. */
function runStep(name, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    state.step = child;
    pipeLines(child, LAUNCHER);
    child.on('exit', (code, signal) => {
      state.step = undefined;
      if (code === 0 || state.stopping) resolve();
      else reject(new Error(`${name} failed (${signal ?? code})`));
    });
  });
}

function startApp(app, env) {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'apps', app, 'main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  pipeLines(child, app);
  child.on('exit', (code, signal) => {
    process.stdout.write(print(app, `exited (${signal ?? code})`));
    if (!state.stopping) stop(1);
  });
  return child;
}

function pipeLines(child, name) {
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => process.stdout.write(print(name, line)));
  }
}

/** Stops what runs, apps first, private servers last; a second Ctrl-C waits for the same stop. */
function stop(code) {
  state.stopping ??= stopEverything(code);
  return state.stopping;
}

async function stopEverything(code) {
  state.step?.kill('SIGTERM');
  // Gateway and worker first (no new work, in-flight attempts handed back), then the services they call.
  // (Ctrl-C in a terminal signals every app at once anyway; this order is for SIGTERM to the launcher.)
  const front = ['gateway', 'worker'];
  await stopAll(state.apps.filter(({ app }) => front.includes(app)).map(({ child }) => child));
  await stopAll(state.apps.filter(({ app }) => !front.includes(app)).map(({ child }) => child));
  // Servers still starting (Ctrl-C during initdb) are waited for, then stopped: none is left behind.
  const servers = await state.servers?.catch(() => undefined);
  if (servers) await servers.stop();
  process.exit(code ?? 0);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop(0));

main().catch(async (error) => {
  // Every failure the launcher expects is a sentence; no stack.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  await stop(1);
});
