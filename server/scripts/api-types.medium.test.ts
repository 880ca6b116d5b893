// Issue 14: the web's API types are the server's route schemas. The committed file is what the
// routes render today, and a route whose schema changes renders something else — so
// `npm run check` (api:types --check) fails until the types are regenerated.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { API_TYPES_FILE, renderApiTypes } from './api-contract';

describe('the web API contract', () => {
  it('is committed as the routes render it', async () => {
    expect(await renderApiTypes()).toBe(fs.readFileSync(API_TYPES_FILE, 'utf8'));
  }, 60_000);

  it('changes when a route schema changes, so the drift check fails until regenerated', async () => {
    const changed = await renderApiTypes((app) => {
      app.get('/api/v1/drift-probe', { schema: { response: { 200: z.object({ addedField: z.string() }) } } }, async () => ({
        addedField: 'x',
      }));
    });
    expect(changed).not.toBe(fs.readFileSync(API_TYPES_FILE, 'utf8'));
    expect(changed).toContain('"/api/v1/drift-probe"');
    expect(changed).toContain('addedField: string');
  }, 60_000);
});
