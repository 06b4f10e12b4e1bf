import { ErrorCode } from '@app/contracts';
import { AppError } from '@app/platform';
import { Public } from '@app/tenancy';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { statSync } from 'node:fs';
import path from 'node:path';
import { HTML_SECURITY_HEADERS, INDEX_CACHE_CONTROL, resolveUiPath } from './ui-files';

export const UI_ROOT = Symbol('UI_ROOT');
export const UI_PREFIX = '/tasks/ui/';

/**
 * The operator dashboard's static files. Public: the page itself asks for a token, and every API
 * call it makes carries that token; the files hold no data.
 */
@ApiExcludeController()
@Public()
@Controller('tasks/ui')
export class UiController {
  constructor(@Inject(UI_ROOT) private readonly root: string) {}

  @Get()
  index(@Res() reply: FastifyReply): FastifyReply {
    return this.sendIndex(reply);
  }

  @Get('*')
  file(@Req() request: FastifyRequest, @Res() reply: FastifyReply): FastifyReply {
    const target = resolveUiPath(relativePath(request.url), (file) => this.isFile(file));
    if (target.kind === 'fallback') return this.sendIndex(reply);
    if (target.kind === 'not_found') throw new AppError(ErrorCode.NotFound, 'No such file in the dashboard');
    void reply.header('cache-control', target.cacheControl).header('x-content-type-options', 'nosniff');
    if (target.html) void reply.headers(HTML_SECURITY_HEADERS);
    return reply.sendFile(target.file, this.root, { cacheControl: false, dotfiles: 'deny' });
  }

  private sendIndex(reply: FastifyReply): FastifyReply {
    if (!this.isFile('index.html')) {
      throw new AppError(
        ErrorCode.NotFound,
        'The dashboard is not built: run `npm run build` (it writes dist/ui)',
      );
    }
    void reply
      .header('cache-control', INDEX_CACHE_CONTROL)
      .header('x-content-type-options', 'nosniff')
      .headers(HTML_SECURITY_HEADERS);
    return reply.sendFile('index.html', this.root, { cacheControl: false });
  }

  // A stat per request, not a list read at boot: a rebuild is picked up without a restart.
  private isFile(file: string): boolean {
    try {
      return statSync(path.join(this.root, file)).isFile();
    } catch {
      return false;
    }
  }
}

function relativePath(url: string): string {
  const pathname = url.split('?')[0].split('#')[0];
  const rest = pathname.startsWith(UI_PREFIX) ? pathname.slice(UI_PREFIX.length) : '';
  try {
    return decodeURIComponent(rest);
  } catch {
    return '\0';
  }
}
