import { natsConnectionOptions } from './nats-url';

describe(natsConnectionOptions.name, () => {
  it('should pass plain URLs through as host:port', () => {
    expect(natsConnectionOptions(['nats://127.0.0.1:4222', 'nats://nats-2'])).toEqual({ servers: ['127.0.0.1:4222', 'nats-2:4222'] });
  });

  it('should take a user and password out of the URL, decoded', () => {
    expect(natsConnectionOptions(['nats://core:p%40ss%3Aword@nats:4222'])).toEqual({
      servers: ['nats:4222'],
      user: 'core',
      pass: 'p@ss:word',
    });
  });

  it('should take a token out of the URL and turn tls:// into TLS', () => {
    expect(natsConnectionOptions(['tls://s3cr3t@nats.internal:4443'])).toEqual({
      servers: ['nats.internal:4443'],
      token: 's3cr3t',
      tls: {},
    });
  });

});
