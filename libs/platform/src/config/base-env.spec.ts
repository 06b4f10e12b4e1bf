import { BaseEnv, DEFAULT_DATABASE_URL, DEFAULT_NATS_URL, ServiceEnv } from './base-env';
import { EnvValidationError, validateEnv } from './validate-env';

describe(BaseEnv.name, () => {
  it('should default to the local servers and the documented port block', () => {
    const env = validateEnv(ServiceEnv, {});
    expect(env.DATABASE_URL).toBe(DEFAULT_DATABASE_URL);
    expect(env.NATS_URL).toBe(DEFAULT_NATS_URL);
    expect(env.PORT_BASE).toBe(3000);
    expect(env.HTTP_PORT).toBeUndefined();
  });

  it('should read PORT_BASE and an explicit HTTP_PORT as numbers', () => {
    const env = validateEnv(ServiceEnv, { PORT_BASE: '4000', HTTP_PORT: '9101' });
    expect(env.PORT_BASE).toBe(4000);
    expect(env.HTTP_PORT).toBe(9101);
  });

  it('should refuse a PORT_BASE whose block would not fit below 65536', () => {
    expect(() => validateEnv(BaseEnv, { PORT_BASE: '65500' })).toThrow(EnvValidationError);
    expect(() => validateEnv(BaseEnv, { PORT_BASE: 'abc' })).toThrow(/PORT_BASE/);
  });
});
