/**
 * A connection URL fit for a log line or an error message: the password (or a NATS token, which sits
 * where a user name would) is replaced by `***`; host, port and database stay, since they are what an
 * operator needs to see to fix the address. Comma lists (NATS_URL) are redacted one URL at a time.
 */
export function redactUrl(value: string): string {
  return value
    .split(',')
    .map((one) => redactOne(one.trim()))
    .join(',');
}

function redactOne(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // Not a URL we can parse: say nothing of what it holds after a scheme.
    return value.includes('@')
      ? `${value.slice(0, value.indexOf(':') + 1)}//***@${value.slice(value.lastIndexOf('@') + 1)}`
      : value;
  }
  if (url.password) url.password = '***';
  // `nats://token@host`: a lone user name is a secret token for NATS, only a role name for Postgres.
  else if (url.username && url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    url.username = '***';
  return url.toString().replace(/\/$/, value.endsWith('/') ? '/' : '');
}
