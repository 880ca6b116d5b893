import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app';

describe('health, readiness and the API description (N5)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers /healthz and /readyz while the database is reachable', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready' });
  });

  it('serves the OpenAPI document and its docs page', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/users', '/api/v1/users/{userId}', '/api/v1/api-keys']),
    );
    expect(spec.paths['/api/v1/users'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('email');
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect([200, 302]).toContain(docs.statusCode);
  });

  it('echoes a sane x-request-id and answers unknown API routes with problem+json', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/nope', headers: { 'x-request-id': 'trace-abc-123' } });
    expect(response.statusCode).toBe(404);
    expect(response.headers['x-request-id']).toBe('trace-abc-123');
    expect(response.json()).toMatchObject({ code: 'not_found', requestId: 'trace-abc-123' });
  });

  it('sends security headers on every answer, the API and errors included (issue 13 finding 11)', async () => {
    for (const url of ['/healthz', '/api/v1/nope', '/api/v1/auth/session']) {
      const response = await t.app.inject({ method: 'GET', url });
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
    }
  });
});
