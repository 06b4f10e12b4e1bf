import { createServer, Server } from 'node:net';
import { busyPorts, stackPorts } from './stack-ports';

describe(stackPorts.name, () => {
  it('should give the six apps the block of PORT_BASE, the gateway its explicit port', () => {
    expect(stackPorts({}).map(({ port }) => port)).toEqual([3000, 3101, 3102, 3103, 3104, 3105]);
    expect(stackPorts({ PORT_BASE: '4000', GATEWAY_PORT: '8080' })).toEqual([
      { app: 'gateway', port: 8080 },
      { app: 'task-core', port: 4101 },
      { app: 'task-monitoring', port: 4102 },
      { app: 'task-persistence', port: 4103 },
      { app: 'task-scheduling', port: 4104 },
      { app: 'worker', port: 4105 },
    ]);
  });

  it('should refuse HTTP_PORT, which would give five apps one port', () => {
    expect(() => stackPorts({ HTTP_PORT: '3101' })).toThrow(/set PORT_BASE/);
  });
});

describe(busyPorts.name, () => {
  let server: Server;

  beforeEach(() => new Promise<void>((resolve) => (server = createServer()).listen(0, '127.0.0.1', resolve)));
  afterEach(() => new Promise((resolve) => server.close(resolve)));

  it('should name the ports something already listens on', async () => {
    const taken = (server.address() as { port: number }).port;
    const free = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const port = (probe.address() as { port: number }).port;
        probe.close(() => resolve(port));
      });
    });
    await expect(
      busyPorts([
        { app: 'task-core', port: taken },
        { app: 'worker', port: free },
      ]),
    ).resolves.toEqual([{ app: 'task-core', port: taken }]);
  });
});
