import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NatsSettings } from '../config/base-env';
import { EventStream } from '../events/event-stream';
import { ServiceHealthController } from '../http/service-health.controller';
import { NatsBus } from '../nats/nats-bus';
import { NatsConnectionProvider } from '../nats/nats-connection';
import { initializeWithRetry } from '../database/service-data-source';
import { Sql } from '../database/sql';

export type PlatformModuleOptions = {
  /** `core`, `monitoring`, `persistence`, `scheduling`, `gateway` or `worker`. */
  service: string;
  nats: NatsSettings;
  /** Services that own a schema pass their (not yet initialized) DataSource. */
  dataSource?: DataSource;
  /** Non-gateway apps serve /health, /health/live and /metrics from the platform's controller. */
  withHealthController?: boolean;
};

/** Wires the NATS bus, the raw NATS connection, JetStream events and the service's DataSource. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    const providers: Provider[] = [
      { provide: NatsSettings, useValue: options.nats },
      {
        provide: NatsConnectionProvider,
        useFactory: async () => {
          const provider = new NatsConnectionProvider(options.nats);
          await provider.connect(`${options.nats.namespace}-${options.service}`);
          return provider;
        },
      },
      {
        provide: NatsBus,
        useFactory: async () => {
          const bus = new NatsBus(options.nats);
          await bus.connect();
          return bus;
        },
      },
      {
        provide: EventStream,
        inject: [NatsConnectionProvider],
        useFactory: async (nats: NatsConnectionProvider) => {
          const stream = new EventStream(nats);
          await stream.ensureStream();
          return stream;
        },
      },
    ];
    const exported: Array<Function> = [NatsSettings, NatsConnectionProvider, NatsBus, EventStream];
    if (options.dataSource) {
      const dataSource = options.dataSource;
      providers.push({
        provide: DataSource,
        useFactory: async () => {
          await initializeWithRetry(dataSource);
          return dataSource;
        },
      });
      providers.push({ provide: Sql, inject: [DataSource], useFactory: (ds: DataSource) => Sql.of(ds) });
      exported.push(DataSource, Sql);
    }
    return {
      module: PlatformModule,
      controllers: options.withHealthController ? [ServiceHealthController] : [],
      providers,
      exports: exported,
    };
  }
}
