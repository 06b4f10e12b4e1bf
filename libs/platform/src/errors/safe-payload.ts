import { FieldErrors } from '@app/contracts';

/** Deepest nesting of objects and arrays a payload may have (context_data included). */
export const MAX_PAYLOAD_DEPTH = 64;

// U+0000 cannot be stored in Postgres text or jsonb; an unpaired surrogate is not valid UTF-8.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Field errors for what no DTO rule can express and what would otherwise fail deep inside a service:
 * strings (values or keys) Postgres refuses (a 500 from the database), and nesting deep enough to
 * overflow the stack of recursive code (class-transformer, the validation pipe). Iterative, so the
 * check itself cannot overflow. Empty when the payload is safe.
 */
export function unsafePayloadErrors(value: unknown, maxDepth = MAX_PAYLOAD_DEPTH): FieldErrors {
  const errors: FieldErrors = {};
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 0 }];
  while (pending.length > 0) {
    const item = pending.pop()!;
    if (typeof item.value === 'string') {
      if (UNSTORABLE.test(item.value)) add(errors, item.path, 'must not contain NUL characters or unpaired surrogates');
      continue;
    }
    if (typeof item.value !== 'object' || item.value === null) continue;
    if (item.depth >= maxDepth) {
      add(errors, item.path, `is nested too deeply (more than ${maxDepth} levels)`);
      continue;
    }
    for (const [key, child] of Object.entries(item.value)) {
      const path = item.path ? `${item.path}.${key}` : key;
      if (UNSTORABLE.test(key)) add(errors, item.path, 'keys must not contain NUL characters or unpaired surrogates');
      pending.push({ value: child, path, depth: item.depth + 1 });
    }
  }
  return errors;
}

function add(errors: FieldErrors, path: string, message: string): void {
  const field = path || 'body';
  // A large payload with the same problem everywhere answers with a bounded error body.
  if (Object.keys(errors).length >= 20 && !errors[field]) return;
  errors[field] = [...new Set([...(errors[field] ?? []), message])];
}
