import { bulkChunks } from './bulk-chunks';

type Item = { owner: string; size: number };
const keyOf = (item: Item) => item.owner;
const sizeOf = (item: Item) => item.size;
const limits = { maxItems: 3, maxBytes: 100 };

describe(bulkChunks.name, () => {
  it('should put every item of one owner in one chunk when it fits', () => {
    const items = [1, 2, 3].map(() => ({ owner: 'a', size: 10 }));
    expect(bulkChunks(items, keyOf, sizeOf, limits)).toEqual([{ key: 'a', items, indexes: [0, 1, 2] }]);
  });

  it('should give each owner its own chunks and keep the items positions', () => {
    const items = [
      { owner: 'a', size: 1 },
      { owner: 'b', size: 1 },
      { owner: 'a', size: 1 },
    ];
    const chunks = bulkChunks(items, keyOf, sizeOf, limits);
    expect(chunks.map((c) => [c.key, c.indexes])).toEqual([
      ['a', [0, 2]],
      ['b', [1]],
    ]);
  });

  it('should split a chunk at the item count and at the byte budget', () => {
    const byCount = bulkChunks(
      Array.from({ length: 7 }, () => ({ owner: 'a', size: 1 })),
      keyOf,
      sizeOf,
      limits,
    );
    expect(byCount.map((c) => c.indexes)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    const bySize = bulkChunks(
      [60, 30, 20, 250, 5].map((size) => ({ owner: 'a', size })),
      keyOf,
      sizeOf,
      limits,
    );
    // An item over the budget on its own still goes, alone, as a single create would have.
    expect(bySize.map((c) => c.indexes)).toEqual([[0, 1], [2], [3], [4]]);
  });

  it('should make no chunk of no items', () => {
    expect(bulkChunks([], keyOf, sizeOf, limits)).toEqual([]);
  });
});
