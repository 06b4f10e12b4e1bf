import { FieldErrors } from '@app/contracts';

/** Splits a comma list and checks each item against the allowed values; unknown values are field errors. */
export function parseEnumList<T extends string>(
  field: string,
  raw: string | undefined,
  allowed: readonly T[],
  errors: FieldErrors,
): T[] | undefined {
  if (raw === undefined) return undefined;
  const items = splitList(raw);
  const bad = items.filter((i) => !allowed.includes(i as T));
  if (bad.length > 0 || items.length === 0) {
    errors[field] = [`Unknown value(s): ${bad.join(', ') || '(empty)'}; expected one of ${allowed.join(', ')}`];
    return undefined;
  }
  return [...new Set(items as T[])];
}

/** Plain comma list of free-form values (task types, queues, worker ids) checked against a pattern. */
export function parsePatternList(field: string, raw: string | undefined, pattern: RegExp, errors: FieldErrors): string[] | undefined {
  if (raw === undefined) return undefined;
  const items = splitList(raw);
  if (items.length === 0 || items.length > 50 || items.some((i) => !pattern.test(i))) {
    errors[field] = [`Must be a comma list of up to 50 values matching ${pattern.source}`];
    return undefined;
  }
  return [...new Set(items)];
}

/** `ordering=-field` against a whitelist of fields mapped to SQL expressions. */
export function parseOrdering(
  raw: string | undefined,
  fallback: string,
  allowed: Record<string, string>,
  errors: FieldErrors,
): { column: string; desc: boolean } {
  const value = raw ?? fallback;
  const desc = value.startsWith('-');
  const column = allowed[desc ? value.slice(1) : value];
  if (!column) {
    errors.ordering = [`Cannot order by ${value}; allowed: ${Object.keys(allowed).join(', ')}`];
    return { column: allowed[fallback.replace(/^-/, '')], desc: fallback.startsWith('-') };
  }
  return { column, desc };
}

/** Escapes LIKE metacharacters so `search=high_memory` matches the underscore literally. */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function parseBoolean(value: 'true' | 'false' | undefined): boolean | undefined {
  return value === undefined ? undefined : value === 'true';
}

/** `$n` placeholders for a WHERE clause built piece by piece. */
export class WhereBuilder {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];

  constructor(first: string, firstValue: unknown) {
    this.add(first, firstValue);
  }

  /** `sql` receives the placeholder of `value`. */
  add(sql: string | ((p: string) => string), value: unknown): this {
    this.params.push(value);
    const placeholder = `$${this.params.length}`;
    this.parts.push(typeof sql === 'string' ? sql.replace(/\?/g, placeholder) : sql(placeholder));
    return this;
  }

  raw(sql: string): this {
    this.parts.push(sql);
    return this;
  }

  get clause(): string {
    return this.parts.join(' AND ');
  }

  next(): string {
    return `$${this.params.length + 1}`;
  }
}

function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
