import { LoggerService } from '@nestjs/common';
import pino, { Logger as PinoLogger } from 'pino';
import { currentContext } from './request-context';

let root: PinoLogger = pino({ level: 'info', base: undefined, timestamp: pino.stdTimeFunctions.isoTime });

/** Called once at boot: JSON lines always (pretty output is a terminal's job), tagged with the service. */
export function configureLogging(options: { service: string; level: string }): void {
  root = pino({
    level: options.level,
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: pino.stdSerializers.err },
  });
}

type Fields = Record<string, unknown>;

/** A logger named by its class; every line carries the correlation id and brand of the current request. */
export class AppLogger {
  constructor(private readonly context: string) {}

  info(message: string, fields: Fields = {}): void {
    root.info(this.fields(fields), message);
  }
  warn(message: string, fields: Fields = {}): void {
    root.warn(this.fields(fields), message);
  }
  error(message: string, fields: Fields = {}): void {
    root.error(this.fields(fields), message);
  }
  debug(message: string, fields: Fields = {}): void {
    root.debug(this.fields(fields), message);
  }

  private fields(fields: Fields): Fields {
    const ctx = currentContext();
    return {
      context: this.context,
      ...(ctx ? { correlation_id: ctx.correlationId, brand_id: ctx.brandId } : {}),
      ...fields,
    };
  }
}

/** Routes Nest's own log lines (bootstrap, route mapping, errors) through the same JSON logger. */
export class NestJsonLogger implements LoggerService {
  log(message: unknown, context?: string): void {
    root.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    root.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    root.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    root.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    root.trace({ context }, String(message));
  }
}
