import { DataSource } from 'typeorm';
import { NatsConnectionProvider } from '../nats/nats-connection';
import { ServiceHealthController } from './service-health.controller';

type Answer = { status: number; body: unknown };

function reply(): { answer: Promise<Answer>; reply: Parameters<ServiceHealthController['health']>[0] } {
  let resolve: (answer: Answer) => void = () => undefined;
  const answer = new Promise<Answer>((r) => (resolve = r));
  let status = 200;
  const handle = {
    status(code: number) {
      status = code;
      return handle;
    },
    send(body: unknown) {
      resolve({ status, body });
    },
  };
  return { answer, reply: handle };
}

describe(ServiceHealthController.name, () => {
  const nats = (connected: boolean) => ({ connected }) as unknown as NatsConnectionProvider;
  const database = (up: boolean) =>
    ({
      query: () =>
        up ? Promise.resolve([{ '?column?': 1 }]) : Promise.reject(new Error('connect ECONNREFUSED')),
    }) as unknown as DataSource;

  it('should be ready when NATS is connected and Postgres answers', async () => {
    const { answer, reply: r } = reply();
    await new ServiceHealthController(nats(true), database(true)).health(r);
    await expect(answer).resolves.toEqual({
      status: 200,
      body: { status: 'ok', checks: { nats: 'ok', postgres: 'ok' } },
    });
  });

  it('should name the dependency that is missing', async () => {
    const down = reply();
    await new ServiceHealthController(nats(true), database(false)).health(down.reply);
    await expect(down.answer).resolves.toEqual({
      status: 503,
      body: { status: 'unavailable', checks: { nats: 'ok', postgres: 'down' } },
    });
    const reconnecting = reply();
    await new ServiceHealthController(nats(false), database(true)).health(reconnecting.reply);
    await expect(reconnecting.answer).resolves.toEqual({
      status: 503,
      body: { status: 'unavailable', checks: { nats: 'down', postgres: 'ok' } },
    });
  });
});
