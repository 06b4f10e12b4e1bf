// Preloaded (`node --require bench/tools/prof-hook.js main.js`) into a process the bench profiles:
// SIGUSR2 starts a V8 CPU profile, the next SIGUSR2 writes it to $BENCH_PROF_DIR/$BENCH_PROF_NAME-<n>.cpuprofile.
// Unlike --cpu-prof, the profile covers only the measured window, not the process's boot.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const inspector = require('node:inspector');

const session = new inspector.Session();
session.connect();
let running = false;
let count = 0;

process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 500 }, () => session.post('Profiler.start')));
    return;
  }
  running = false;
  session.post('Profiler.stop', (error, result) => {
    if (error) return;
    const dir = process.env.BENCH_PROF_DIR || '.';
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${process.env.BENCH_PROF_NAME || process.pid}-${++count}.cpuprofile`), JSON.stringify(result.profile));
  });
});
