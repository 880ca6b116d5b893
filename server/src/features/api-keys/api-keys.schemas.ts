import { z } from 'zod';

export const ApiKeyView = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export const CreatedApiKeyView = ApiKeyView.extend({ key: z.string().describe('Shown once; store it now') });
export const CreateApiKeyBody = z.strictObject({ name: z.string().trim().min(1).max(100) });
export const ApiKeyParams = z.strictObject({ apiKeyId: z.uuid() });
export const ApiKeyList = z.object({ apiKeys: z.array(ApiKeyView) });
