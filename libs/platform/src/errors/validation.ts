import { bodyRuleErrors, FieldErrors, REQUIRED_CONSTRAINT } from '@app/contracts';
import { ArgumentMetadata, ValidationError, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import { acceptorFor } from './compiled-acceptor';
import { AppError } from './app-error';
import { nestedShapeErrors } from './nested-shape';
import { unsafePayloadErrors } from './safe-payload';
import { cacheValidationMetadataLookups } from './validation-metadata-cache';

/**
 * Flattens class-validator errors into `{"tasks.3.priority": ["…"]}`, each message once. A required field
 * that is missing says only that (its other rules would only describe the absent value).
 */
export function toFieldErrors(errors: ValidationError[], prefix = ''): FieldErrors {
  const out: FieldErrors = {};
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) {
      const missing = error.constraints[REQUIRED_CONSTRAINT];
      const messages = missing !== undefined ? [missing] : Object.values(error.constraints);
      out[path] = [...new Set(messages.map((m) => m.replace(/^property (\S+) should not exist$/, 'unknown field')))];
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
  cacheValidationMetadataLookups();
  return new SafeValidationPipe({
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

/**
 * The validation pipe, preceded by the checks DTO rules cannot express (unsafePayloadErrors,
 * nestedShapeErrors): found by the security fuzzer, a NUL byte or a lone surrogate in any string
 * reached Postgres (500), a deeply nested `context_data` overflowed the stack of Nest's own pipe (500),
 * and an array where a nested object belongs passed validation (500). A contract's body rules
 * (@BodyRules) run with the field checks, so that one refusal names every bad field.
 */
class SafeValidationPipe extends ValidationPipe {
  constructor(options: ValidationPipeOptions) {
    super(options);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.metatype && this.toValidate(metadata)) {
      // Nest validates `null`, `42` or `[…]` against a DTO as if it were an empty object; only an object
      // is a DTO (absent means empty, as Nest reads it).
      if (value !== undefined && value !== null && (typeof value !== 'object' || Array.isArray(value))) {
        throw AppError.validation({ body: ['must be a JSON object'] });
      }
      // Unsafe payloads never reach class-transformer (its recursion is what overflowed).
      const unsafe = unsafePayloadErrors(value);
      if (Object.keys(unsafe).length > 0) throw AppError.validation(unsafe);
      const extra = mergeFieldErrors(nestedShapeErrors(metadata.metatype, value ?? {}), bodyRuleErrors(metadata.metatype, value ?? {}));
      if (Object.keys(extra).length > 0) {
        // Report the DTO's own errors too, so that a refusal names every bad field.
        const own = await super.transform(value, metadata).then(
          () => ({}),
          (error: unknown) => (error instanceof AppError ? (error.fieldErrors ?? {}) : {}),
        );
        throw AppError.validation(mergeFieldErrors(own, extra));
      }
    }
    return super.transform(value, metadata);
  }

  /**
   * A valid message, the common case, is accepted by the rules compiled from its contract class
   * (compiled-acceptor.ts) without class-validator's executor; any other goes to class-validator, which
   * builds the errors exactly as before.
   */
  protected override validate(object: object, options?: ValidatorOptions): ValidationError[] | Promise<ValidationError[]> {
    if (acceptorFor(object.constructor)(object)) return [];
    return super.validate(object, options);
  }
}

/** Both sets of field errors, the messages of a field common to both listed once. */
export function mergeFieldErrors(a: FieldErrors, b: FieldErrors): FieldErrors {
  const out: FieldErrors = { ...a };
  for (const [field, messages] of Object.entries(b)) out[field] = [...new Set([...(out[field] ?? []), ...messages])];
  return out;
}
