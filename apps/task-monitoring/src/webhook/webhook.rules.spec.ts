import { createHmac } from 'node:crypto';
import { isBlockedAddress, isRetryableStatus, signPayload, webhookRetryDelayMs, webhookUrlProblem } from './webhook.rules';

describe(isBlockedAddress.name, () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    'fc00::abcd',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '64:ff9b::169.254.169.254',
    '[::1]',
    'fe80::1%eth0',
    'not-an-address',
  ])('should refuse %s', (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'should allow the public address %s',
    (address) => {
      expect(isBlockedAddress(address)).toBe(false);
    },
  );
});

describe(webhookUrlProblem.name, () => {
  it('should accept public http(s) URLs', () => {
    expect(webhookUrlProblem('https://hooks.example.com/alerts?token=abc', false)).toBeNull();
    expect(webhookUrlProblem('http://203.0.114.7:8080/x', false)).toBeNull();
  });

  it.each([
    ['ftp://example.com/x', /http or https/],
    ['https://user:pw@example.com/', /credentials/],
    ['http://localhost:8080/', /local or internal/],
    ['http://api.localhost/', /local or internal/],
    ['http://metadata.google.internal/', /local or internal/],
    ['http://127.0.0.1/', /private, loopback/],
    ['http://[::1]:9000/', /private, loopback/],
    ['http://169.254.169.254/latest/meta-data', /private, loopback/],
    ['http://10.0.0.8/', /private, loopback/],
  ])('should refuse %s', (url, problem) => {
    expect(webhookUrlProblem(url, false)).toMatch(problem);
  });

  it('should accept private targets when the deployment allows them, but never credentials', () => {
    expect(webhookUrlProblem('http://127.0.0.1:9999/hook', true)).toBeNull();
    expect(webhookUrlProblem('http://u:p@127.0.0.1/', true)).toMatch(/credentials/);
  });
});

describe(signPayload.name, () => {
  it('should sign timestamp and body with HMAC-SHA256', () => {
    const expected = createHmac('sha256', 's3cret').update('1700000000.{"a":1}').digest('hex');
    expect(signPayload('s3cret', 1_700_000_000, '{"a":1}')).toBe(`sha256=${expected}`);
    expect(signPayload('other', 1_700_000_000, '{"a":1}')).not.toBe(`sha256=${expected}`);
  });
});

describe(isRetryableStatus.name, () => {
  it('should retry timeouts, throttling and server errors only', () => {
    expect([408, 429, 500, 503].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 404, 410].some(isRetryableStatus)).toBe(false);
  });
});

describe(webhookRetryDelayMs.name, () => {
  it('should double from 5 s, capped at 10 minutes, jittered down to half', () => {
    expect(webhookRetryDelayMs(1, () => 1)).toBe(5000);
    expect(webhookRetryDelayMs(3, () => 1)).toBe(20_000);
    expect(webhookRetryDelayMs(3, () => 0)).toBe(10_000);
    expect(webhookRetryDelayMs(20, () => 1)).toBe(600_000);
  });
});
