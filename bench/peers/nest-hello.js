// B9's reference: a bare NestJS application on Fastify answering GET /health with a constant body,
// same Nest and Fastify versions as the gateway, no guards, no interceptors, no logging.
'use strict';
require('reflect-metadata');
const { Controller, Get, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { FastifyAdapter } = require('@nestjs/platform-fastify');

class HelloController {
  health() {
    return { status: 'ok' };
  }
}
Reflect.decorate([Get('health')], HelloController.prototype, 'health', Object.getOwnPropertyDescriptor(HelloController.prototype, 'health'));
Reflect.decorate([Controller()], HelloController);

class AppModule {}
Reflect.decorate([Module({ controllers: [HelloController] })], AppModule);

async function main() {
  const app = await NestFactory.create(AppModule, new FastifyAdapter(), { logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address();
  process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
  process.send({ type: 'ready', port });
}

main().catch((error) => {
  process.stderr.write(`nest-hello failed: ${error.stack}\n`);
  process.exit(1);
});
