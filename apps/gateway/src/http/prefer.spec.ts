import { prefersMinimal } from './prefer';

describe(prefersMinimal.name, () => {
  it('should read return=minimal among other preferences, in any case and spacing', () => {
    expect(prefersMinimal('return=minimal')).toBe(true);
    expect(prefersMinimal('respond-async, RETURN = Minimal; foo=bar')).toBe(true);
    expect(prefersMinimal(['wait=5', 'return=minimal'])).toBe(true);
  });

  it('should not take other returns or no header for minimal', () => {
    expect(prefersMinimal(undefined)).toBe(false);
    expect(prefersMinimal('return=representation')).toBe(false);
    expect(prefersMinimal('return=minimalist')).toBe(false);
  });
});
