// SQL for the account's MCP servers, inside withTenant (RLS keeps accounts apart).
import type { Insertable, Updateable } from 'kysely';
import type { McpServers } from '#src/db/schema.generated';
import type { Tx } from '#src/db/tenant';

const COLUMNS = [
  'id',
  'name',
  'url',
  'transport',
  'allowed_tools',
  'services',
  'enabled',
  'last_test_at',
  'last_test_ok',
  'last_test_message',
] as const;

export const createMcpServersRepository = () => ({
  list: (tx: Tx) => tx.selectFrom('mcp_servers').select(COLUMNS).orderBy('name').execute(),
  listEnabledFor: (tx: Tx, service: string) =>
    tx
      .selectFrom('mcp_servers')
      .select(COLUMNS)
      .where('enabled', '=', true)
      .where((eb) => eb(eb.val(service), '=', eb.fn.any('services')))
      .orderBy('name')
      .execute(),
  find: (tx: Tx, id: string) => tx.selectFrom('mcp_servers').select(COLUMNS).where('id', '=', id).executeTakeFirst(),
  insert: (tx: Tx, row: Insertable<McpServers>) => tx.insertInto('mcp_servers').values(row).returning(COLUMNS).executeTakeFirstOrThrow(),
  update: (tx: Tx, id: string, patch: Updateable<McpServers>) =>
    tx
      .updateTable('mcp_servers')
      .set({ ...patch, updated_at: new Date() })
      .where('id', '=', id)
      .returning(COLUMNS)
      .executeTakeFirst(),
  remove: (tx: Tx, id: string) => tx.deleteFrom('mcp_servers').where('id', '=', id).executeTakeFirst(),
  recordTest: (tx: Tx, id: string, result: { ok: boolean; message: string; at: Date }) =>
    tx
      .updateTable('mcp_servers')
      .set({ last_test_at: result.at, last_test_ok: result.ok, last_test_message: result.message })
      .where('id', '=', id)
      .execute(),
});

export type McpServersRepository = ReturnType<typeof createMcpServersRepository>;
export type McpServerRow = Awaited<ReturnType<McpServersRepository['list']>>[number];
