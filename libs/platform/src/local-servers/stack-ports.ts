import { createServer } from 'node:net';
import { DEFAULT_PORT_BASE, portFor, PortOwner } from '../config/ports';

export type AppPort = { app: PortOwner; port: number };

const APPS: PortOwner[] = [
  'gateway',
  'task-core',
  'task-monitoring',
  'task-persistence',
  'task-scheduling',
  'worker',
];

/**
 * The ports `npm start`'s six apps will listen on, computed as each app's config does (PORT_BASE plus
 * its offset; GATEWAY_PORT wins for the gateway). HTTP_PORT names one app's port and would give all
 * five the same one, so it is refused here with what to use instead.
 */
export function stackPorts(env: Record<string, string | undefined>): AppPort[] {
  if (env.HTTP_PORT) {
    throw new Error(
      'HTTP_PORT is the port of one app, and npm start runs five: set PORT_BASE to move them all (or unset HTTP_PORT)',
    );
  }
  const base = Number(env.PORT_BASE || DEFAULT_PORT_BASE);
  return APPS.map((app) => ({
    app,
    port: portFor(app, base, app === 'gateway' && env.GATEWAY_PORT ? Number(env.GATEWAY_PORT) : undefined),
  }));
}

/** The ports among these that something already listens on (the apps bind every interface). */
export async function busyPorts(ports: AppPort[]): Promise<AppPort[]> {
  const busy = await Promise.all(
    ports.map(async (entry) => ((await canListen(entry.port)) ? undefined : entry)),
  );
  return busy.filter((entry): entry is AppPort => entry !== undefined);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}
