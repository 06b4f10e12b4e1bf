import { AppLogger, configureLogging } from '../logging/logger';
import { isDataRejectedByDatabase, normalizeError } from './error-normalizer';

describe(normalizeError.name, () => {
  configureLogging({ service: 'test', level: 'silent' });
  const logger = new AppLogger('test');

  it('should turn a value Postgres rejects as data into VALIDATION_FAILED, not a 500', () => {
    const outOfRange = Object.assign(new Error('value "9007199254740992" is out of range for type integer'), { code: '22003' });
    expect(normalizeError(outOfRange, logger).code).toBe('VALIDATION_FAILED');
    expect(isDataRejectedByDatabase({ driverError: { code: '22P02' } })).toBe(true);
  });

  it('should keep constraint violations and other database failures unexpected (500)', () => {
    const notNull = Object.assign(new Error('null value in column "task_type"'), { code: '23502' });
    const body = normalizeError(notNull, logger).toBody();
    expect(body).toMatchObject({ error_code: 'INTERNAL_ERROR', detail: 'Internal server error' });
    expect(body.error_id).toEqual(expect.any(String));
  });
});
