import { createServer, Server } from 'node:net';
import { addressOf, isAnswering } from './probe';

describe(isAnswering.name, () => {
  let server: Server;
  let port: number;

  beforeEach(async () => {
    server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });

  afterEach(() => new Promise((resolve) => server.close(resolve)));

  it('should see a listener, and nothing once it is gone', async () => {
    await expect(isAnswering(`postgres://postgres@127.0.0.1:${port}/megahub`)).resolves.toBe(true);
    await new Promise((resolve) => server.close(resolve));
    server = createServer();
    await expect(isAnswering(`nats://127.0.0.1:${port}`)).resolves.toBe(false);
  });
});

describe(addressOf.name, () => {
  it('should read host and port, with the protocol default port and the first server of a list', () => {
    expect(addressOf('postgres://u:p@db.internal/megahub')).toEqual({ host: 'db.internal', port: 5432 });
    expect(addressOf('nats://127.0.0.1,nats://other:4223')).toEqual({ host: '127.0.0.1', port: 4222 });
    expect(addressOf('nats://[::1]:4333')).toEqual({ host: '::1', port: 4333 });
  });
});
