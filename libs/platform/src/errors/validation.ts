import { FieldErrors } from '@app/contracts';
import { ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError } from './app-error';

/** Flattens class-validator errors into `{"tasks.3.priority": ["…"]}`. */
export function toFieldErrors(errors: ValidationError[], prefix = ''): FieldErrors {
  const out: FieldErrors = {};
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) {
      out[path] = Object.values(error.constraints).map((m) => m.replace(/^property (\S+) should not exist$/, 'unknown field'));
    }
    if (error.children?.length) Object.assign(out, toFieldErrors(error.children, path));
  }
  return out;
}

/**
 * The one validation pipe of every app: unknown fields are rejected, values are converted to their
 * declared types, and failures become AppError(VALIDATION_FAILED) with field errors.
 */
export function createValidationPipe(options: { stripPrefix?: string[] } = {}): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      let fieldErrors = toFieldErrors(errors);
      // Gateway DTOs are wrapped in envelopes inside services; show field names as the client sent them.
      for (const prefix of options.stripPrefix ?? []) {
        fieldErrors = Object.fromEntries(
          Object.entries(fieldErrors).map(([k, v]) => [k.startsWith(`${prefix}.`) ? k.slice(prefix.length + 1) : k, v]),
        );
      }
      return AppError.validation(fieldErrors);
    },
  });
}
