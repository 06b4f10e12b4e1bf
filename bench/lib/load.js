// Load generation: a closed loop (autocannon: N connections, keep-alive, no pipelining) for throughput,
// and an open loop (fixed arrival rate, independent of responses) for latency, as in the research notes.
'use strict';
const http = require('node:http');
const autocannon = require('autocannon');
const { nowMs, sleep } = require('./util');

function runAutocannon(options) {
  return new Promise((resolve, reject) => {
    autocannon({ pipelining: 1, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/**
 * Closed loop: `connections` clients each sending the next request when the previous one answered.
 * A warm-up round first (JIT, pools, caches), then the measured round. Throughput counts 2xx only.
 */
async function closedLoop({ url, method = 'GET', headers = {}, body, connections, durationS, warmupS = 2 }) {
  const common = { url, method, headers, body: typeof body === 'string' ? body : body && JSON.stringify(body), connections };
  if (warmupS > 0) await runAutocannon({ ...common, duration: warmupS });
  const started = nowMs();
  const result = await runAutocannon({ ...common, duration: durationS });
  const seconds = (nowMs() - started) / 1000;
  const ok = result['2xx'];
  return {
    rps: ok / seconds,
    ok,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    latency_p50_ms: result.latency.p50,
    latency_p99_ms: result.latency.p99,
  };
}

/**
 * Open loop at `rate` requests/s for `durationS`: request i is sent at start + i/rate whatever the
 * answers of the others. `onSent(i, tSend)` gets the CLOCK_MONOTONIC instant the request was written,
 * `onAnswered(i, tAnswer)` the instant a 2xx answer's head arrived.
 */
async function openLoop({ url, headers, bodyFor, rate, durationS, onSent, onAnswered = () => undefined }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const target = new URL(url);
  const total = Math.round(rate * durationS);
  const interval = 1000 / rate;
  const pending = new Set();
  let failures = 0;
  const start = nowMs() + 20;
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - nowMs();
    if (wait > 1) await sleep(wait - 0.5);
    while (nowMs() < due) {
      // spin the last fraction of a millisecond: timers are coarse
    }
    const body = JSON.stringify(bodyFor(i));
    const done = new Promise((resolve) => {
      const req = http.request(
        { hostname: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
        (res) => {
          if (res.statusCode >= 300) failures++;
          else onAnswered(i, nowMs());
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', () => {
        failures++;
        resolve();
      });
      onSent(i, nowMs());
      req.end(body);
    });
    pending.add(done);
    done.then(() => pending.delete(done));
  }
  await Promise.all(pending);
  agent.destroy();
  return { sent: total, failures };
}

module.exports = { closedLoop, openLoop, runAutocannon };
