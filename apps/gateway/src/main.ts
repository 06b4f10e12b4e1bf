import 'reflect-metadata';
import {
  AppLogger,
  collectProcessMetrics,
  configureLogging,
  createValidationPipe,
  installShutdown,
  NestJsonLogger,
} from '@app/platform';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { loadConfigFromProcess } from './config';
import { serveOperationalRoutes } from './health/operational-routes';
import { ReadinessProbe } from './health/readiness';
import { genRequestId, installAccessLog } from './http/access-log';
import { AllowedMethods } from './http/allowed-methods';
import { clientErrorHandler, frameworkErrors, installErrorBodies, noteClosingConnections } from './http/fastify-errors';
import { acceptEmptyJsonBodies } from './http/json-body';
import { HttpErrorFilter } from './http/http-error.filter';
import { runHandlersInRequestContext } from './http/request-context';
import { serveOpenApi } from './openapi';

async function main(): Promise<void> {
  const config = loadConfigFromProcess();
  configureLogging({ service: 'gateway', level: config.logLevel });
  collectProcessMetrics('gateway');
  // A client still writing what was refused (413, 431) is read for up to twice the body limit or 5 s.
  const linger = { maxBytes: 2 * config.bodyLimitBytes, maxMs: 5_000 };
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    // A request (headers and body) must arrive within 30 s: slow-loris clients are answered 408 and
    // closed instead of holding sockets forever (Fastify's default is no limit). Responses (SSE) are not timed.
    requestTimeout: 30_000,
    trustProxy: config.trustProxy,
    genReqId: genRequestId,
    // DRF paths end with a slash; accept both spellings.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // What Fastify and Node refuse themselves still answers with the documented error body.
    frameworkErrors,
    clientErrorHandler: clientErrorHandler(linger),
  });
  installErrorBodies(adapter.getInstance(), linger);
  noteClosingConnections(adapter.getInstance().server);
  const allowedMethods = AllowedMethods.collect(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new NestJsonLogger(),
    // JSON bodies are parsed by our own registration below (acceptEmptyJsonBodies), with Fastify's parser.
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  installAccessLog(fastify, { logLevel: config.logLevel });
  runHandlersInRequestContext(fastify);
  acceptEmptyJsonBodies(fastify);
  // Before Nest's router: probes and scrapes skip the API pipeline (operational-routes.ts says why).
  serveOperationalRoutes(fastify, app.get(ReadinessProbe));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter(allowedMethods));
  serveOpenApi(app);
  installShutdown(app, config.shutdownGraceMs);
  await app.listen(config.port, '0.0.0.0');
  new AppLogger('Bootstrap').info('gateway listening', { port: config.port, namespace: config.nats.namespace });
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
