import 'reflect-metadata';
import { AppLogger, collectProcessMetrics, configureLogging, connectNats, installShutdown, NestJsonLogger } from '@app/platform';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { loadConfigFromProcess } from './config';

async function main(): Promise<void> {
  const config = loadConfigFromProcess();
  configureLogging({ service: 'worker', level: config.logLevel });
  collectProcessMetrics('worker');
  // The SDK's own connect fails at once when NATS is down: wait here for it, saying so in one line.
  const probe = await connectNats({ servers: config.nats.servers, name: 'worker-startup', attempts: Infinity });
  await probe.close();
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), new FastifyAdapter(), {
    logger: new NestJsonLogger(),
  });
  // The worker lets in-flight attempts finish within the grace period, then hands the rest back.
  installShutdown(app, config.shutdownGraceMs);
  await app.listen(config.httpPort, '0.0.0.0');
  new AppLogger('Bootstrap').info('worker listening', { http_port: config.httpPort, queues: config.worker.queues });
}

main().catch((error: unknown) => {
  process.stderr.write(`worker failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
