import { describe, expect, it } from 'vitest';
import { REDACTED, redact, redactUrl } from './redact';

describe('redaction for the external call log', () => {
  it('masks values under secret-looking keys at any depth, and known secrets inside strings', () => {
    const input = {
      user: 'api@x',
      Secret: 's1',
      nested: [{ apiKey: 'k', note: 'token is abcd1234' }],
      authorization: 'Basic xyz',
      count: 3,
    };
    expect(redact(input, ['abcd1234'])).toEqual({
      user: 'api@x',
      Secret: REDACTED,
      nested: [{ apiKey: REDACTED, note: `token is ${REDACTED}` }],
      authorization: REDACTED,
      count: 3,
    });
  });

  it('masks secret query parameters and URL credentials but keeps the rest', () => {
    const url = redactUrl('https://user:pw@psa.example/v1/tickets?page=2&access_token=abc&api_key=def', []);
    expect(url).toContain('page=2');
    expect(url).not.toMatch(/abc|def|user:pw/);
  });
});
