import { MAX_PAYLOAD_DEPTH, unsafePayloadErrors } from './safe-payload';

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe(unsafePayloadErrors.name, () => {
  it('should accept ordinary payloads, emoji and paired surrogates included', () => {
    expect(unsafePayloadErrors({ task_type: 'a', context_data: { k: ['😀', 'é', { x: null }] } })).toEqual({});
    expect(unsafePayloadErrors(nested(MAX_PAYLOAD_DEPTH))).toEqual({});
    expect(unsafePayloadErrors(null)).toEqual({});
  });

  it('should name the field holding a NUL character or an unpaired surrogate', () => {
    expect(unsafePayloadErrors({ description: 'a\u0000b' })).toEqual({ description: [expect.stringMatching(/NUL/)] });
    expect(unsafePayloadErrors({ context_data: { k: ['\ud800'] } })).toEqual({ 'context_data.k.0': [expect.any(String)] });
    expect(unsafePayloadErrors({ context_data: { k: 'x\udc00' } })).toEqual({ 'context_data.k': [expect.any(String)] });
    expect(unsafePayloadErrors({ context_data: { 'a\u0000': 1 } })).toEqual({ context_data: [expect.stringMatching(/keys/)] });
  });

  it('should refuse nesting deeper than the limit without overflowing the stack itself', () => {
    let deep: unknown = [];
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(Object.keys(unsafePayloadErrors({ context_data: deep }))).toHaveLength(1);
    expect(unsafePayloadErrors(nested(MAX_PAYLOAD_DEPTH + 1))).not.toEqual({});
  });

  it('should bound the number of fields it reports', () => {
    const many = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, '\u0000']));
    expect(Object.keys(unsafePayloadErrors(many)).length).toBeLessThanOrEqual(20);
  });
});
