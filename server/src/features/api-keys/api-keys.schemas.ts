import { z } from 'zod';
import { API_KEY_SCOPES } from '#src/lib/context';

export const ApiKeyScope = z.enum(API_KEY_SCOPES);

export const ApiKeyView = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(ApiKeyScope),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export const CreatedApiKeyView = ApiKeyView.extend({ key: z.string().describe('Shown once; store it now') });
export const CreateApiKeyBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** `ingest` (the default) reaches the ingestion routes only; `read` adds read-only GET access. */
  scopes: z.array(ApiKeyScope).min(1).max(2).default(['ingest']),
});
export const ApiKeyParams = z.strictObject({ apiKeyId: z.uuid() });
export const ApiKeyList = z.object({ apiKeys: z.array(ApiKeyView) });
