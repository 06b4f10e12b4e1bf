import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CustomStrategy } from '@nestjs/microservices';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { NatsSettings } from '../config/base-env';
import { ensureDatabase } from '../database/ensure-database';
import { migrateSchema } from '../database/migrate';
import { initializeWithRetry } from '../database/service-data-source';
import { ServiceErrorFilter } from '../errors/rpc-error.filter';
import { createValidationPipe } from '../errors/validation';
import { collectProcessMetrics } from '../http/metrics';
import { AppLogger, configureLogging, NestJsonLogger } from '../logging/logger';
import { NamespacedNatsServer } from '../nats/namespaced-nats.server';
import { NatsLoggingInterceptor } from '../nats/nats-logging.interceptor';

export type StartServiceOptions = {
  /** `core`, `monitoring`, `persistence` or `scheduling`: the queue group and log field. */
  service: string;
  module: Type<unknown> | DynamicModule;
  nats: NatsSettings;
  httpPort: number;
  logLevel: string;
  shutdownGraceMs: number;
  /** The service's DataSource and schema, for `main.js migrate`. */
  database?: { dataSource: DataSource; schema: string };
};

/**
 * Runs a service app: NATS handlers (queue group = service name) plus a small HTTP server for
 * /health, /health/live and /metrics. `node main.js migrate` runs the service's migrations and exits.
 */
export async function startService(options: StartServiceOptions): Promise<INestApplication | undefined> {
  configureLogging({ service: options.service, level: options.logLevel });
  collectProcessMetrics(options.service);
  if (process.argv[2] === 'migrate') {
    if (!options.database) throw new Error(`${options.service} has no database to migrate`);
    const url = (options.database.dataSource.options as PostgresConnectionOptions).url;
    if (url) await ensureDatabase(url);
    await initializeWithRetry(options.database.dataSource, { attempts: 20 });
    await migrateSchema(options.database.dataSource, options.database.schema);
    await options.database.dataSource.destroy();
    return undefined;
  }

  const app = await NestFactory.create<NestFastifyApplication>(options.module, new FastifyAdapter(), {
    logger: new NestJsonLogger(),
    bufferLogs: false,
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ServiceErrorFilter());
  app.useGlobalInterceptors(new NatsLoggingInterceptor());
  const strategy = new NamespacedNatsServer(options.nats.namespace, {
    servers: options.nats.servers,
    queue: options.service,
    name: `${options.nats.namespace}-${options.service}`,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
  });
  app.connectMicroservice<CustomStrategy>({ strategy }, { inheritAppConfig: true });
  installShutdown(app, options.shutdownGraceMs);
  await app.startAllMicroservices();
  await app.listen(options.httpPort, '0.0.0.0');
  new AppLogger('Bootstrap').info('service started', { http_port: options.httpPort, namespace: options.nats.namespace });
  return app;
}

/** SIGTERM/SIGINT close the app (Nest runs every shutdown hook) within the grace period, then exit. */
export function installShutdown(app: INestApplication, graceMs: number): void {
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    new AppLogger('Bootstrap').info('shutting down', { signal });
    const force = setTimeout(() => process.exit(1), graceMs + 5000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
