// Per-account API keys for machine clients (ingestion). The key is `fdk_<prefix>_<secret>`; only a
// hash is stored, the full key is shown once at creation.
import { randomBytes } from 'node:crypto';
import type { Database } from '#src/db/connection';
import { withoutTenantIsolation, withTenant } from '#src/db/tenant';
import { notFound } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import { type ApiKeyScope, type RequestContext, requireRole, requireUser } from '#src/lib/context';
import { randomToken, safeEqual, sha256 } from '#src/lib/tokens';
import type { ApiKeyRow, ApiKeysRepository } from './api-keys.repository';

// The prefix is hex so the key splits unambiguously on its first two underscores (the secret is
// base64url and may contain '_' itself).
const KEY_PATTERN = /^fdk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
/** The secret part of a full key (after `fdk_` and the 12-character prefix). */
export const secretOfApiKey = (key: string) => key.slice('fdk_'.length + 12 + 1);

const toApiKeyView = (k: ApiKeyRow) => ({
  id: k.id,
  name: k.name,
  prefix: `fdk_${k.key_prefix}`,
  scopes: k.scopes as ApiKeyScope[],
  createdAt: k.created_at.toISOString(),
  lastUsedAt: k.last_used_at?.toISOString() ?? null,
  revokedAt: k.revoked_at?.toISOString() ?? null,
});

export const createApiKeysService = (deps: { database: Database; apiKeys: ApiKeysRepository; clock: Clock }) => ({
  async createApiKey(ctx: RequestContext, input: { name: string; scopes?: ApiKeyScope[] }) {
    requireRole(ctx, ['admin']);
    const actor = requireUser(ctx);
    const prefix = randomBytes(6).toString('hex');
    const secret = randomToken(32);
    const row = await withTenant(deps.database, ctx, (tx) =>
      deps.apiKeys.insertApiKey(tx, {
        account_id: ctx.accountId,
        name: input.name.trim(),
        key_prefix: prefix,
        key_hash: sha256(secret),
        scopes: [...new Set(input.scopes ?? ['ingest'])],
        created_by: actor.userId,
      }),
    );
    return { ...toApiKeyView(row), key: `fdk_${prefix}_${secret}` };
  },

  async listApiKeys(ctx: RequestContext) {
    requireRole(ctx, ['admin']);
    return withTenant(deps.database, ctx, async (tx) => (await deps.apiKeys.listApiKeys(tx)).map(toApiKeyView));
  },

  async revokeApiKey(ctx: RequestContext, id: string) {
    requireRole(ctx, ['admin']);
    const revoked = await withTenant(deps.database, ctx, (tx) => deps.apiKeys.revokeApiKey(tx, id, deps.clock.now()));
    if (!revoked) {
      throw notFound('Active API key');
    }
    return toApiKeyView(revoked);
  },

  /** The key's id and account when it is well-formed, known and not revoked; otherwise null. */
  async verifyApiKey(key: string): Promise<{ id: string; accountId: string; scopes: ApiKeyScope[] } | null> {
    const match = KEY_PATTERN.exec(key);
    if (!match) {
      return null;
    }
    const [, prefix, secret] = match as unknown as [string, string, string];
    const found = await withoutTenantIsolation(deps.database, 'an API key identifies its account only after lookup', (tx) =>
      deps.apiKeys.findApiKeyByPrefix(tx, prefix),
    );
    if (!found || found.revoked_at || !safeEqual(found.key_hash, sha256(secret))) {
      return null;
    }
    await withTenant(deps.database, { accountId: found.account_id }, (tx) => deps.apiKeys.touchApiKey(tx, found.id, deps.clock.now()));
    return { id: found.id, accountId: found.account_id, scopes: found.scopes as ApiKeyScope[] };
  },
});

export type ApiKeysService = ReturnType<typeof createApiKeysService>;
