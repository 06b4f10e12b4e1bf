import { ago, fromLocalInput, isTimeZone, ms, percent, span, toLocalInput, usd } from './format';

describe('format', () => {
  it('should write durations the way people read them', () => {
    expect(span(0)).toBe('0s');
    expect(span(75)).toBe('1m 15s');
    expect(span(3 * 3600 + 120)).toBe('3h 2m');
    expect(span(90_000)).toBe('1d 1h');
    expect(ms(12.4)).toBe('12 ms');
    expect(ms(4500)).toBe('4.50 s');
    expect(ms(95_000)).toBe('1m 35s');
    expect(ms(null)).toBe('—');
  });

  it('should write relative times in the past and the future', () => {
    const now = Date.parse('2026-11-29T10:00:00Z');
    expect(ago('2026-11-29T09:59:30Z', now)).toBe('30s ago');
    expect(ago('2026-11-29T10:05:00Z', now)).toBe('in 5m 0s');
    expect(ago(null, now)).toBe('—');
  });

  it('should write ratios and money', () => {
    expect(percent(0.3333)).toBe('33.3%');
    expect(percent(null)).toBe('—');
    expect(usd(0.0345)).toMatch(/^\$0\.0345$/);
  });

  it('should round-trip a datetime-local value through UTC', () => {
    const iso = fromLocalInput('2026-01-15T09:30') as string;
    expect(iso).toMatch(/Z$/);
    expect(toLocalInput(iso)).toBe('2026-01-15T09:30');
    expect(fromLocalInput('')).toBeUndefined();
  });

  it('should tell an IANA zone from a typo', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('Europe/Pariss')).toBe(false);
  });
});
