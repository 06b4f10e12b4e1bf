import { logFormatFor } from './log-format';

describe(logFormatFor.name, () => {
  it('should print readable lines on a terminal during development', () => {
    expect(logFormatFor({ isTTY: true, env: {} })).toBe('pretty');
    expect(logFormatFor({ isTTY: true, env: { NODE_ENV: 'development' } })).toBe('pretty');
  });

  it('should keep JSON lines when piped and in production', () => {
    expect(logFormatFor({ isTTY: false, env: {} })).toBe('json');
    expect(logFormatFor({ isTTY: true, env: { NODE_ENV: 'production' } })).toBe('json');
  });

  it('should let LOG_FORMAT decide when set', () => {
    expect(logFormatFor({ isTTY: true, env: { LOG_FORMAT: 'json' } })).toBe('json');
    expect(logFormatFor({ isTTY: false, env: { LOG_FORMAT: 'pretty', NODE_ENV: 'production' } })).toBe(
      'pretty',
    );
  });
});
