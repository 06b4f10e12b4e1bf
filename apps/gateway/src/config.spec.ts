import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EnvValidationError } from '@app/platform';
import { DEV_JWT_SECRET, loadConfig } from './config';

describe('gateway config', () => {
  it('should use the development secret outside production', () => {
    expect(loadConfig({}).jwt.keys.secret).toBe(DEV_JWT_SECRET);
  });

  it('should refuse to start in production with the development secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: DEV_JWT_SECRET })).toThrow(
      /production refuses the development secret/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: required/);
  });

  it('should refuse mixing HS and RS algorithms, and RS without a key', () => {
    expect(() => loadConfig({ JWT_ALGORITHMS: 'HS256,RS256', JWT_SECRET: 'x' })).toThrow(/do not mix/);
    expect(() => loadConfig({ JWT_ALGORITHMS: 'RS256' })).toThrow(/JWT_PUBLIC_KEY or JWT_JWKS_URL/);
  });

  it('should list every bad variable at once', () => {
    try {
      loadConfig({ GATEWAY_PORT: 'abc', NATS_URL: 'http://x', LOG_LEVEL: 'loud' });
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(EnvValidationError);
      const problems = (error as EnvValidationError).problems.join('\n');
      expect(problems).toMatch(/GATEWAY_PORT/);
      expect(problems).toMatch(/NATS_URL/);
      expect(problems).toMatch(/LOG_LEVEL/);
    }
  });

  it('should listen on PORT_BASE unless GATEWAY_PORT is set', () => {
    expect(loadConfig({}).port).toBe(3000);
    expect(loadConfig({ PORT_BASE: '4000' }).port).toBe(4000);
    expect(loadConfig({ PORT_BASE: '4000', GATEWAY_PORT: '8080' }).port).toBe(8080);
  });

  it('should share its development secret with npm run token', () => {
    const script = readFileSync(path.resolve(__dirname, '../../../scripts/token.js'), 'utf8');
    expect(script).toContain(`'${DEV_JWT_SECRET}'`);
  });
});
