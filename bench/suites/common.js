// What the suites share: the task body every system receives, and CPU accounting of a cell.
'use strict';

/** ~250 bytes of JSON, the same for every system (the research's "256 B payload"). */
const CONTEXT = {
  customer_id: 48213,
  keyword_ids: [101, 202, 303, 404, 505, 606, 707, 808],
  locale: 'fr-FR',
  source: 'bench',
  options: { depth: 3, include_serp: true, notify: false },
  note: 'benchmark payload of a typical seo task, about a quarter kilobyte of json',
};

function taskBody(queue, extra = {}) {
  return { task_type: 'noop', queue, context_data: { ...CONTEXT, ...extra } };
}

/** The same body without our `queue` field (the peers' route takes task_type and context_data). */
function peerBody(extra = {}) {
  return { task_type: 'noop', context_data: { ...CONTEXT, ...extra } };
}

/** Sums utime+stime of the given processes between `begin()` and `end()`. */
function cpuMeter(procs) {
  const before = new Map(procs.map((p) => [p, p.cpuMs() ?? 0]));
  return {
    end() {
      let total = 0;
      for (const [p, start] of before) total += (p.cpuMs() ?? start) - start;
      return total;
    },
  };
}

module.exports = { CONTEXT, taskBody, peerBody, cpuMeter };
