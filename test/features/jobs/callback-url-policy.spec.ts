import { CallbackUrlPolicy } from '../../../src/features/jobs/webhooks/callback-url-policy';
import { signWebhook } from '../../../src/features/jobs/webhooks/webhook-signature';
import { createHmac } from 'node:crypto';

describe('CallbackUrlPolicy', () => {
  const policy = new CallbackUrlPolicy(['hooks.example.com', '*.example.org', '10.0.0.5:8080', '[::1]']);
  const allowed = (url: string): boolean => {
    try {
      policy.check(url);
      return true;
    } catch (error) {
      expect(error).toMatchObject({ code: 'CALLBACK_URL_NOT_ALLOWED' });
      return false;
    }
  };

  it.each([
    ['https://hooks.example.com/moderation', true],
    ['http://HOOKS.example.com:9000/x', true],
    ['https://a.example.org/x', true],
    ['https://deep.a.example.org/x', true],
    ['https://example.org/x', false],
    ['https://hooks.example.com.evil.test/x', false],
    ['http://10.0.0.5:8080/x', true],
    ['http://10.0.0.5/x', false],
    ['http://[::1]:3000/x', true],
    ['http://169.254.169.254/latest', false],
    ['ftp://hooks.example.com/x', false],
    ['https://user:pw@hooks.example.com/x', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(allowed(url)).toBe(expected);
  });

  it('allows nothing when the list is empty', () => {
    expect(() => new CallbackUrlPolicy([]).check('https://hooks.example.com/x')).toThrow(expect.objectContaining({ code: 'CALLBACK_URL_NOT_ALLOWED' }));
  });
});

describe('signWebhook', () => {
  it('signs "<timestamp>.<body>" with HMAC-SHA256, as documented', () => {
    const body = '{"event":"decision.created"}';
    const expected = createHmac('sha256', 'secret-secret-secret').update(`1700000000.${body}`).digest('hex');
    expect(signWebhook('secret-secret-secret', body, 1_700_000_000)).toBe(`t=1700000000,v1=${expected}`);
  });
});
