import type { Tx } from '#src/db/tenant';

const API_KEY_COLUMNS = ['id', 'name', 'key_prefix', 'scopes', 'created_by', 'created_at', 'last_used_at', 'revoked_at'] as const;

export const createApiKeysRepository = () => ({
  insertApiKey: (
    tx: Tx,
    key: { account_id: string; name: string; key_prefix: string; key_hash: string; scopes: string[]; created_by: string | null },
  ) => tx.insertInto('api_keys').values(key).returning(API_KEY_COLUMNS).executeTakeFirstOrThrow(),

  listApiKeys: (tx: Tx) => tx.selectFrom('api_keys').select(API_KEY_COLUMNS).orderBy('created_at', 'desc').execute(),

  findApiKeyByPrefix: (tx: Tx, prefix: string) =>
    tx
      .selectFrom('api_keys')
      .select(['id', 'account_id', 'key_hash', 'scopes', 'revoked_at'])
      .where('key_prefix', '=', prefix)
      .executeTakeFirst(),

  revokeApiKey: (tx: Tx, id: string, at: Date) =>
    tx
      .updateTable('api_keys')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .returning(API_KEY_COLUMNS)
      .executeTakeFirst(),

  touchApiKey: (tx: Tx, id: string, at: Date) => tx.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute(),
});

export type ApiKeysRepository = ReturnType<typeof createApiKeysRepository>;
export type ApiKeyRow = Awaited<ReturnType<ApiKeysRepository['insertApiKey']>>;
