import { ErrorCode, FieldErrors } from '@app/contracts';
import { AppError } from '@app/platform';

export function toIso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function toDate(value: Date | string | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(value);
}

/** Postgres unique_violation on the named index or constraint. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: unknown; constraint?: unknown } | null;
  return e?.code === '23505' && e.constraint === constraint;
}

/** Postgres foreign_key_violation on the named constraint. */
export function isForeignKeyViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: unknown; constraint?: unknown } | null;
  return e?.code === '23503' && e.constraint === constraint;
}

export function throwIfErrors(errors: FieldErrors): void {
  if (Object.keys(errors).length > 0) throw AppError.validation(errors);
}

export function addFieldError(errors: FieldErrors, field: string, message: string): void {
  (errors[field] ??= []).push(message);
}

export type Ordering = { column: string; desc: boolean };

/** `ordering=` against an allow-list of fields (DRF style, `-` for descending). */
export function parseOrdering(
  raw: string | undefined,
  allowed: Record<string, string>,
  fallback: string,
  errors: FieldErrors,
): Ordering {
  const value = raw ?? fallback;
  const desc = value.startsWith('-');
  const column = allowed[desc ? value.slice(1) : value];
  if (!column) {
    addFieldError(
      errors,
      'ordering',
      `Cannot order by ${value}; allowed: ${Object.keys(allowed).join(', ')}`,
    );
    return { column: allowed[fallback.replace(/^-/, '')], desc: fallback.startsWith('-') };
  }
  return { column, desc };
}

/** Escapes LIKE metacharacters so `search=50%_off` matches those characters literally. */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function notFound(code: ErrorCode, what: string): AppError {
  // Another brand's object answers exactly like a missing one.
  return new AppError(code, `${what} not found or access denied`);
}
