export type LogFormat = 'json' | 'pretty';

/**
 * How `npm start` prints its apps' log lines: readable on a terminal during development, JSON lines
 * (the apps' own output, untouched) when piped to a file or a collector, and always in production.
 * LOG_FORMAT=json|pretty overrides the guess.
 */
export function logFormatFor(options: {
  isTTY: boolean;
  env: Record<string, string | undefined>;
}): LogFormat {
  const { LOG_FORMAT, NODE_ENV } = options.env;
  if (LOG_FORMAT === 'json' || LOG_FORMAT === 'pretty') return LOG_FORMAT;
  if (NODE_ENV === 'production') return 'json';
  return options.isTTY ? 'pretty' : 'json';
}
