// How `npm start` prints its apps' output: each line prefixed with its app, and on a terminal the
// apps' JSON log lines made readable by pino-pretty (time, level, context and message on one line);
// piped or in production, the JSON lines pass through untouched (logFormatFor decides).
'use strict';

const COLORS = [36, 32, 35, 33, 34, 96, 92];

/**
 * @param {{ pretty: boolean, names: string[] }} options
 * @returns {(name: string, line: string) => string}
 */
function createLogPrinter({ pretty, names }) {
  const width = Math.max(...names.map((name) => name.length));
  const prefixes = new Map(
    names.map((name, i) => [name, pretty ? `\u001b[${COLORS[i % COLORS.length]}m${name.padEnd(width)}\u001b[39m | ` : `${name.padEnd(width)} | `]),
  );
  const format = pretty ? prettifier() : (line) => line;
  return (name, line) => `${prefixes.get(name) ?? `${name.padEnd(width)} | `}${format(line)}\n`;
}

function prettifier() {
  const { prettyFactory } = require('pino-pretty');
  const pretty = prettyFactory({
    colorize: true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    // The prefix already names the app; the context goes before the message.
    ignore: 'pid,hostname,service,context',
    messageFormat: (log, messageKey) => (log.context ? `${log.context}: ${log[messageKey]}` : `${log[messageKey]}`),
  });
  // Lines that are not JSON (a crash's stack on stderr) are printed as they are.
  return (line) => (line.startsWith('{') ? pretty(line).replace(/\n$/, '') : line);
}

module.exports = { createLogPrinter };
