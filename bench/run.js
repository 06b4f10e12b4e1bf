#!/usr/bin/env node
// `npm run bench [-- --quick] [--only B1,B3] [--reps N] [--no-build]`: ours and the peers in the same
// run on this machine, interleaved (A B C, then B C A, …), median of the repetitions. Writes
// bench/results/latest.json (and latest-details.json with every repetition) and prints a table.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

// Loaded after the servers of the run are started: these modules read BENCH_* URLs when loaded.
let makeConfig, db, OurStack, snapshotDist, ROOT, NATS_URL, Peer, stopAll, machineInfo, report, bullmqAvailable, SUITES;
const { log, setLogFile, loadNow, machineCpu, median } = require('./lib/util');

function loadModules() {
  ({ config: makeConfig } = require('./config'));
  db = require('./lib/db');
  ({ OurStack, snapshotDist, ROOT, NATS_URL } = require('./lib/ours'));
  ({ Peer } = require('./lib/peers'));
  ({ stopAll } = require('./lib/procs'));
  ({ machineInfo } = require('./lib/machine'));
  ({ report } = require('./lib/report'));
  ({ bullmqAvailable } = require('./peers/systems'));
  SUITES = {
    B9: require('./suites/b9-gateway'),
    B1: require('./suites/b1-enqueue'),
    B2: require('./suites/b2b3-bulk-drain'),
    'B3-200k': require('./suites/b3-backlog'),
    B4: require('./suites/b4-latency'),
    B8: require('./suites/b8-cron'),
  };
}
// B2 and B3 are one cell (B3 drains what B2 enqueued).
let activeServers = null;
const SUITE_OF = { B1: 'B1', B2: 'B2', B3: 'B2', 'B3-200K': 'B3-200k', B4: 'B4', B8: 'B8', B9: 'B9' };

function parseArgs(argv) {
  const args = { quick: false, build: true, only: null, reps: null, systems: null, sharedServices: false, out: path.join(__dirname, 'results') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') args.quick = true;
    else if (a === '--no-build') args.build = false;
    else if (a === '--only') args.only = argv[++i].split(',').map((s) => s.trim().toUpperCase());
    else if (a === '--reps') args.reps = Number(argv[++i]);
    else if (a === '--systems') args.systems = argv[++i].split(',');
    else if (a === '--out') args.out = path.resolve(argv[++i]);
    else if (a === '--shared-services') args.sharedServices = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: npm run bench -- [--quick] [--only B1,B2,B3,B4,B8,B9] [--reps N] [--systems ours,bullmq,…] [--no-build] [--shared-services] [--out dir]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

class Run {
  constructor(args) {
    this.args = args;
    this.config = makeConfig({ quick: args.quick });
    if (args.reps) this.config.reps = args.reps;
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    this.dir = path.join(__dirname, '.run', stamp);
    this.logDir = path.join(this.dir, 'logs');
    fs.mkdirSync(this.logDir, { recursive: true });
    setLogFile(path.join(this.dir, 'bench.log'));
    this.samples = {}; // id -> system -> [{value, detail, rep}]
    this.peers = {};
    this.skipped = {};
  }

  wants(system) {
    if (this.args.systems && !this.args.systems.includes(system)) return false;
    if (system === 'bullmq' && !bullmqAvailable()) return false;
    return true;
  }

  peerList(systems) {
    return systems.filter((s) => this.peers[s]).map((s) => this.peers[s]);
  }

  record(id, system, rep, sample) {
    this.samples[id] ??= {};
    this.samples[id][system] ??= [];
    this.samples[id][system].push({ rep, ...sample });
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  let servers = null;
  if (!args.sharedServices) {
    servers = await require('./lib/servers').startServers();
    activeServers = servers;
    Object.assign(process.env, servers.env);
  }
  loadModules();
  const run = new Run(args);
  run.servers = servers;
  const wanted = args.only ? [...new Set(args.only.map((id) => SUITE_OF[id]).filter(Boolean))] : Object.keys(SUITES);
  log(`run ${path.relative(ROOT, run.dir)} (${args.quick ? 'quick' : 'full'}, ${run.config.reps} repetition(s), suites ${wanted.join(' ')})`);
  if (!bullmqAvailable()) log('bullmq: `ioredis` is not installed (run npm ci); BullMQ is skipped');

  if (args.build) {
    log('building every app (npm run build)');
    const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.js')], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('build failed');
  }
  const distDir = snapshotDist(run.dir);
  const loadStart = loadNow();
  const cpuStart = machineCpu();
  const machine = await machineInfo({ natsUrl: NATS_URL });
  machine.servers = servers ? 'dedicated to the run (bench/lib/servers.js)' : "the machine's shared servers";
  log(`machine: ${machine.cpu_model} x${machine.cpus}, load ${loadStart.load1}; postgres ${machine.postgres}, redis ${machine.redis}, nats ${machine.nats}`);

  const interrupted = () => {
    log('interrupted: stopping what this run started');
    cleanup(run).finally(() => process.exit(130));
  };
  process.on('SIGINT', interrupted);
  process.on('SIGTERM', interrupted);

  try {
    run.ours = new OurStack({ runDir: run.dir, distDir, logDir: run.logDir });
    await run.ours.start();
    for (const name of ['floor', 'graphile-worker', 'pg-boss', 'bullmq']) {
      if (!run.wants(name)) continue;
      const peer = new Peer(name, { logDir: run.logDir });
      await peer.setup();
      run.peers[name] = peer;
    }
    for (const key of wanted) {
      const suite = SUITES[key];
      const systems = suite.systems.filter((s) => s === 'ours' || s === 'nest-fastify' || run.peers[s]).filter((s) => run.wants(s));
      if (suite.available && !(await suite.available(run))) {
        log(`${suite.ids.join('/')}: skipped (${suite.unavailableReason})`);
        for (const id of suite.ids) run.skipped[id] = suite.unavailableReason;
        continue;
      }
      await suite.prepare?.(run);
      for (let rep = 1; rep <= run.config.reps; rep++) {
        // Interleaved: each repetition starts with the next system, so none always runs first.
        const order = systems.map((_, i) => systems[(i + rep - 1) % systems.length]);
        for (const system of order) {
          const load = loadNow();
          const t0 = Date.now();
          try {
            const result = await suite.cell(run, system, rep);
            for (const [id, sample] of Object.entries(result)) {
              run.record(id, system, rep, { ...sample, load1: load.load1 });
              log(`${id} ${system} rep ${rep}: ${fmt(sample.value)} (${((Date.now() - t0) / 1000).toFixed(1)} s, load ${load.load1})`);
            }
          } catch (error) {
            log(`${suite.ids.join('/')} ${system} rep ${rep} FAILED: ${error.message.split('\n').slice(0, 6).join(' | ')}`);
            for (const id of suite.ids) run.record(id, system, rep, { value: null, error: error.message.slice(0, 500) });
          }
        }
      }
      await suite.finish?.(run);
    }
  } finally {
    await cleanup(run);
  }

  const loadEnd = loadNow();
  const cpuEnd = machineCpu();
  machine.load = {
    start: loadStart,
    end: loadEnd,
    steal_pct: cpuStart && cpuEnd ? round2((100 * (cpuEnd.steal - cpuStart.steal)) / Math.max(1e-9, cpuEnd.busy + cpuEnd.idle + cpuEnd.steal - cpuStart.busy - cpuStart.idle - cpuStart.steal)) : null,
    busy_pct: cpuStart && cpuEnd ? round2((100 * (cpuEnd.busy - cpuStart.busy)) / Math.max(1e-9, cpuEnd.busy + cpuEnd.idle - cpuStart.busy - cpuStart.idle)) : null,
    mean_load1_during_cells: round2(median(Object.values(run.samples).flatMap((s) => Object.values(s).flat().map((x) => x.load1)))),
  };
  machine.mode = args.quick ? 'quick' : 'full';
  machine.repetitions = run.config.reps;
  const { results, table, details } = report(run, machine);
  fs.mkdirSync(args.out, { recursive: true });
  const latest = { date: new Date().toISOString(), machine, results };
  fs.writeFileSync(path.join(args.out, 'latest.json'), `${JSON.stringify(latest, null, 2)}\n`);
  fs.writeFileSync(path.join(args.out, 'latest-details.json'), `${JSON.stringify({ date: latest.date, machine, config: run.config, samples: run.samples, details }, null, 2)}\n`);
  fs.copyFileSync(path.join(args.out, 'latest.json'), path.join(run.dir, 'latest.json'));
  process.stdout.write(`\n${table}\n`);
  log(`wrote ${path.relative(ROOT, path.join(args.out, 'latest.json'))} (logs in ${path.relative(ROOT, run.logDir)})`);
}

async function cleanup(run) {
  for (const suite of Object.values(SUITES)) await suite.finish?.(run)?.catch?.(() => undefined);
  await run.ours?.stop().catch((e) => log(`ours: stop failed: ${e.message}`));
  for (const peer of Object.values(run.peers)) await peer.teardown().catch((e) => log(`${peer.name}: teardown failed: ${e.message}`));
  run.peers = {};
  await stopAll();
  await run.servers?.stop().catch((e) => log(`servers: stop failed: ${e.message}`));
  run.servers = null;
  activeServers = null;
}

function fmt(v) {
  return v === null || v === undefined ? 'n/a' : v >= 100 ? Math.round(v).toString() : v.toFixed(2);
}

function round2(v) {
  return Number.isFinite(v) ? Math.round(v * 100) / 100 : null;
}

if (require.main === module) {
  main().catch((error) => {
    log(`bench failed: ${error.stack}`);
    Promise.resolve(stopAll?.())
      .then(() => activeServers?.stop())
      .catch(() => undefined)
      .finally(() => process.exit(1));
  });
}
