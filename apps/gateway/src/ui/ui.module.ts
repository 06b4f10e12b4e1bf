import fastifyStatic from '@fastify/static';
import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { UI_ROOT, UiController } from './ui.controller';
import { defaultUiRoot } from './ui-files';

/** Serves the operator dashboard (built by `npm run build` into dist/ui) at `/tasks/ui/`. */
@Module({
  controllers: [UiController],
  providers: [{ provide: UI_ROOT, useFactory: defaultUiRoot }],
})
export class UiModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  // @fastify/static only decorates `reply.sendFile` here (serve: false): routing, the SPA fallback and
  // cache headers stay in UiController, under the gateway's guards, filters and access log. The build
  // writes .br/.gz beside each file; preCompressed sends them to browsers that accept them.
  async onModuleInit(): Promise<void> {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    if (!fastify.hasReplyDecorator('sendFile'))
      await fastify.register(fastifyStatic, { serve: false, preCompressed: true });
  }
}
