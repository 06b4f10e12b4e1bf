import { DEFAULT_PAGE_SIZE, FieldErrors, MAX_PAGE_SIZE, QUERY_TRUE_VALUES, QueryBoolean } from '@app/contracts';

/**
 * The DRF query conventions every list of every service follows (README, "API"), in one place: comma
 * lists and `__in` lookups, booleans, search, ordering with nulls last, and the page window.
 */

/** `a, b,,c` → `[a, b, c]`. */
export function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

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

/** A comma list of free-form values (task types, queues, worker ids) checked against a pattern. */
export function parsePatternList(field: string, raw: string | undefined, pattern: RegExp, errors: FieldErrors): string[] | undefined {
  if (raw === undefined) return undefined;
  const items = splitList(raw);
  if (items.length === 0 || items.length > 50 || items.some((i) => !pattern.test(i))) {
    errors[field] = [`Must be a comma list of up to 50 values matching ${pattern.source}`];
    return undefined;
  }
  return [...new Set(items)];
}

/**
 * `status=a,b` and `status__in=b,c` filter the same field. Given both, a row must pass both, as Django
 * ANDs its lookups: the values common to the two lists.
 */
export function allOf<T>(...lists: Array<T[] | undefined>): T[] | undefined {
  const given = lists.filter((list): list is T[] => list !== undefined);
  if (given.length === 0) return undefined;
  return given.reduce((kept, list) => kept.filter((value) => list.includes(value)));
}

/** A query boolean as DRF reads it (`true`, `True`, `1` or `false`, `False`, `0`); validated by the contract. */
export function parseQueryBoolean(value: QueryBoolean | undefined): boolean | undefined {
  return value === undefined ? undefined : (QUERY_TRUE_VALUES as readonly string[]).includes(value);
}

/** Escapes LIKE metacharacters so `search=50%_off` or `search=high_memory` match those characters literally. */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The ILIKE pattern of `search=`, or undefined when the search is absent or blank. */
export function searchPattern(search: string | undefined): string | undefined {
  const term = search?.trim();
  return term ? likePattern(term) : undefined;
}

/** Which rows a page holds. A page_size above MAX_PAGE_SIZE is capped, as DRF's max_page_size does, not refused. */
export type PageWindow = { page: number; pageSize: number; offset: number };

export function pageWindow(query: { page?: number; page_size?: number }): PageWindow {
  const page = query.page ?? 1;
  const pageSize = Math.min(query.page_size ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/** A field a list may be ordered by: its SQL expression, marked when the column may hold nulls. */
export type OrderingColumn = string | { column: string; nullable: true };

/** A column that may be null: ordered by it, its nulls come last whichever the direction. */
export function nullable(column: string): OrderingColumn {
  return { column, nullable: true };
}

export type Ordering = { column: string; desc: boolean; nullable: boolean };

/** `ordering=-field` against the fields a list may be ordered by (DRF style, `-` for descending). */
export function parseOrdering(
  raw: string | undefined,
  fields: Record<string, OrderingColumn>,
  fallback: string,
  errors: FieldErrors,
): Ordering {
  const value = raw ?? fallback;
  const desc = value.startsWith('-');
  const field = fields[desc ? value.slice(1) : value];
  if (field === undefined) {
    (errors.ordering ??= []).push(`Cannot order by ${value}; allowed: ${Object.keys(fields).join(', ')}`);
    return { ...columnOf(fields[fallback.replace(/^-/, '')]), desc: fallback.startsWith('-') };
  }
  return { ...columnOf(field), desc };
}

/**
 * The ORDER BY list: the field, then `tieBreaker` (a unique column) so that pages never overlap. Nulls
 * go last in both directions; NULLS LAST is written only for nullable columns, since on a NOT NULL
 * column it would keep a descending order from being read backwards off an index.
 */
export function orderBy(ordering: Ordering, tieBreaker: string): string {
  const direction = ordering.desc ? 'DESC' : 'ASC';
  return `${ordering.column} ${direction}${ordering.nullable ? ' NULLS LAST' : ''}, ${tieBreaker} ${direction}`;
}

function columnOf(field: OrderingColumn | undefined): { column: string; nullable: boolean } {
  if (field === undefined) throw new Error('the fallback ordering must be one of the fields');
  return typeof field === 'string' ? { column: field, nullable: false } : field;
}
