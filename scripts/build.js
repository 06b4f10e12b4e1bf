#!/usr/bin/env node
// `npm run build`: every app to dist/apps/<app>/main.js (nest monorepo, webpack), two at a time.
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');
const { APPS } = require('./apps');

const root = path.resolve(__dirname, '..');
const nest = path.join(root, 'node_modules', '.bin', 'nest');
const only = process.argv.slice(2);
const queue = only.length ? APPS.filter((a) => only.includes(a)) : [...APPS];

function build(app) {
  return new Promise((resolve, reject) => {
    const child = spawn(nest, ['build', app], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => {
      if (code === 0) {
        process.stdout.write(`built ${app}\n`);
        resolve();
      } else {
        process.stderr.write(`build of ${app} failed:\n${output}\n`);
        reject(new Error(`build of ${app} failed`));
      }
    });
  });
}

async function worker() {
  for (let app = queue.shift(); app; app = queue.shift()) await build(app);
}

Promise.all([worker(), worker()]).catch(() => process.exit(1));
