import { redactUrl } from './redact-url';

describe(redactUrl.name, () => {
  it('should hide a Postgres password and keep user, host, port and database', () => {
    expect(redactUrl('postgres://megahub:s3cret@db.internal:5432/megahub')).toBe(
      'postgres://megahub:***@db.internal:5432/megahub',
    );
  });

  it('should keep a URL without credentials as it is', () => {
    expect(redactUrl('postgres://postgres@127.0.0.1:5432/megahub')).toBe(
      'postgres://postgres@127.0.0.1:5432/megahub',
    );
    expect(redactUrl('nats://127.0.0.1:4222')).toBe('nats://127.0.0.1:4222');
  });

  it('should hide NATS passwords and tokens in every URL of a list', () => {
    expect(redactUrl('nats://core:pa%40ss@nats-1:4222,nats://tok3n@nats-2:4222')).toBe(
      'nats://core:***@nats-1:4222,nats://***@nats-2:4222',
    );
  });

  it('should keep query parameters that are not secrets', () => {
    expect(redactUrl('postgres://u:p@h:5432/db?sslmode=require')).toBe(
      'postgres://u:***@h:5432/db?sslmode=require',
    );
  });

  it('should not leak what follows the scheme of a value it cannot parse', () => {
    expect(redactUrl('postgres://u:p@[bad')).toBe('postgres://***@[bad');
  });
});
