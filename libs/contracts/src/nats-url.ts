/** What nats.js needs to reach and authenticate to the servers of NATS_URL. */
export type NatsConnectionOptions = {
  servers: string[];
  user?: string;
  pass?: string;
  token?: string;
  /** Set for `tls://` URLs: TLS with the system's trusted CAs (a private CA goes in NODE_EXTRA_CA_CERTS). */
  tls?: Record<string, never>;
};

/**
 * nats.js ignores credentials written in a server URL, so a NATS server with authorization refused
 * every app (found while documenting NATS auth for production). NATS_URL carries them the usual way:
 * `nats://user:password@host:4222` (a per-service user) or `nats://token@host:4222`; they are taken
 * out of the URLs and passed as options. All URLs of the list must carry the same credentials.
 */
export function natsConnectionOptions(urls: string[]): NatsConnectionOptions {
  const options: NatsConnectionOptions = { servers: [] };
  for (const raw of urls) {
    const url = new URL(raw);
    if (url.protocol === 'tls:') options.tls = {};
    if (url.username && url.password) {
      options.user = decodeURIComponent(url.username);
      options.pass = decodeURIComponent(url.password);
    } else if (url.username) {
      options.token = decodeURIComponent(url.username);
    }
    options.servers.push(`${url.hostname.includes(':') ? `[${url.hostname}]` : url.hostname}:${url.port || '4222'}`);
  }
  return options;
}
