import { MAX_BULK_TASKS } from '@app/contracts';

/**
 * Limits of one `core.task.bulk_create` request. The reply repeats every task with its context and
 * about a kilobyte of other fields, and NATS refuses a message over its max_payload (1 MiB by default):
 * a bounded count and a bounded request size keep both the request and its reply well under it.
 */
export const BULK_LIMITS = { maxItems: Math.min(250, MAX_BULK_TASKS), maxBytes: 256 * 1024 };

/** One request's worth of items, with their positions in the caller's list. */
export type Chunk<T> = { key: string; items: T[]; indexes: number[] };

/**
 * Splits items into bulk requests: one group per key (a request acts as one actor of one brand), then
 * chunks of at most `maxItems` items and `maxBytes` of JSON. An item bigger than `maxBytes` on its own
 * still gets a chunk of its own, as it would have had a single create.
 */
export function bulkChunks<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  sizeOf: (item: T) => number,
  limits: { maxItems: number; maxBytes: number } = BULK_LIMITS,
): Chunk<T>[] {
  const open = new Map<string, Chunk<T> & { bytes: number }>();
  const chunks: Chunk<T>[] = [];
  items.forEach((item, index) => {
    const key = keyOf(item);
    const size = sizeOf(item);
    let chunk = open.get(key);
    if (chunk && (chunk.items.length >= limits.maxItems || chunk.bytes + size > limits.maxBytes))
      chunk = undefined;
    if (!chunk) {
      chunk = { key, items: [], indexes: [], bytes: 0 };
      open.set(key, chunk);
      chunks.push(chunk);
    }
    chunk.items.push(item);
    chunk.indexes.push(index);
    chunk.bytes += size;
  });
  return chunks.map(({ key, items: chunkItems, indexes }) => ({ key, items: chunkItems, indexes }));
}
