// Issue 18 (P0.4, N6): the MCP servers admins configure, and the tool set a pilot turn gets from
// them. Tokens are sealed in the credential vault; a server's URL is checked against the outbound
// policy when saved and on every request; changing its host drops the token (it was given for the
// old host). A turn connects to each enabled server of its service, offers the allowed tools under
// names unique across servers, and closes the connections when the turn ends.
import { connectMcp, type McpConnection, type McpTransport } from '#src/clients/mcp/mcp-client';
import type { Database } from '#src/db/connection';
import { withTenant } from '#src/db/tenant';
import { AppError, notFound } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import { type RequestContext, requireRole } from '#src/lib/context';
import { type ModelTool, ToolFailure, type ToolSet } from '#src/models/tool-use';
import type { createIntegrationCredentialsService } from '../credentials/integration-credentials.service';
import type { ExternalCaller } from '../external-calls/external-caller';
import { checkOutboundUrl, type OutboundPolicy } from '../external-calls/outbound-policy';
import type { McpServerRow, McpServersRepository } from './mcp-servers.repository';
import type { McpServerBody, McpServerPatch, McpServerView, McpService } from './mcp-servers.schemas';

type Credentials = ReturnType<typeof createIntegrationCredentialsService>;
const integrationOf = (serverId: string) => `mcp-${serverId}`;

/** Tool names the model sees: `<server>__<tool>`, within the 64 characters every provider takes. */
const slug = (text: string, max: number) =>
  text
    .replace(/[^a-zA-Z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, max) || 'tool';

export const exposedToolName = (serverName: string, toolName: string, taken: ReadonlySet<string>) => {
  const base = `${slug(serverName, 24).toLowerCase()}__${slug(toolName, 38)}`;
  let name = base;
  for (let n = 2; taken.has(name); n += 1) {
    name = `${base.slice(0, 60)}_${n}`;
  }
  return name;
};

const viewOf = (row: McpServerRow, hasToken: boolean): McpServerView => ({
  id: row.id,
  name: row.name,
  url: row.url,
  transport: row.transport as McpTransport,
  hasToken,
  allowedTools: row.allowed_tools,
  services: row.services as McpService[],
  enabled: row.enabled,
  lastTestAt: row.last_test_at?.toISOString() ?? null,
  lastTestOk: row.last_test_ok,
  lastTestMessage: row.last_test_message,
});

const describeError = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 500);

export const createMcpServersService = (deps: {
  database: Database;
  servers: McpServersRepository;
  credentials: Credentials;
  caller: ExternalCaller;
  outbound: OutboundPolicy;
  clock: Clock;
}) => {
  const inTenant = <T>(ctx: RequestContext, work: Parameters<typeof withTenant<T>>[2]) => withTenant(deps.database, ctx, work);
  const tokenOf = async (ctx: RequestContext, id: string) => (await deps.credentials.findSecret(ctx, integrationOf(id)))?.token ?? null;
  const rowOrThrow = async (ctx: RequestContext, id: string) => {
    const row = await inTenant(ctx, (tx) => deps.servers.find(tx, id));
    if (!row) {
      throw notFound('MCP server');
    }
    return row;
  };
  const view = async (ctx: RequestContext, row: McpServerRow) =>
    viewOf(row, (await deps.credentials.describeCredentials(ctx, integrationOf(row.id))).configured);
  const checkUrl = (url: string) => checkOutboundUrl(deps.outbound, url);
  const duplicateName = (error: unknown) =>
    (error as { code?: string }).code === '23505' ? new AppError('conflict', 'An MCP server with this name exists already.') : error;

  const connect = async (ctx: RequestContext, row: McpServerRow) =>
    connectMcp(ctx, deps.caller, { url: row.url, transport: row.transport as McpTransport, token: await tokenOf(ctx, row.id) });

  return {
    async list(ctx: RequestContext) {
      requireRole(ctx, ['admin']);
      const rows = await inTenant(ctx, (tx) => deps.servers.list(tx));
      return { items: await Promise.all(rows.map((row) => view(ctx, row))) };
    },

    async create(ctx: RequestContext, body: McpServerBody) {
      requireRole(ctx, ['admin']);
      await checkUrl(body.url);
      const row = await inTenant(ctx, (tx) =>
        deps.servers.insert(tx, {
          account_id: ctx.accountId,
          name: body.name,
          url: body.url,
          transport: body.transport,
          allowed_tools: body.allowedTools,
          services: body.services,
          enabled: body.enabled,
        }),
      ).catch((error) => {
        throw duplicateName(error);
      });
      if (body.token) {
        await deps.credentials.saveCredentials(ctx, integrationOf(row.id), 'api_key', { token: body.token });
      }
      return view(ctx, row);
    },

    async update(ctx: RequestContext, id: string, patch: McpServerPatch) {
      requireRole(ctx, ['admin']);
      const before = await rowOrThrow(ctx, id);
      if (patch.url) {
        await checkUrl(patch.url);
      }
      const row = await inTenant(ctx, (tx) =>
        deps.servers.update(tx, id, {
          ...(patch.name !== undefined && { name: patch.name }),
          ...(patch.url !== undefined && { url: patch.url }),
          ...(patch.transport !== undefined && { transport: patch.transport }),
          ...(patch.allowedTools !== undefined && { allowed_tools: patch.allowedTools }),
          ...(patch.services !== undefined && { services: patch.services }),
          ...(patch.enabled !== undefined && { enabled: patch.enabled }),
        }),
      ).catch((error) => {
        throw duplicateName(error);
      });
      if (!row) {
        throw notFound('MCP server');
      }
      // N6: a token was given for a host; a new host does not inherit it.
      const hostChanged = patch.url !== undefined && new URL(patch.url).host !== new URL(before.url).host;
      if (patch.token) {
        await deps.credentials.saveCredentials(ctx, integrationOf(id), 'api_key', { token: patch.token });
      } else if (patch.token === null || hostChanged) {
        await deps.credentials.deleteCredentials(ctx, integrationOf(id));
      }
      return view(ctx, row);
    },

    async remove(ctx: RequestContext, id: string) {
      requireRole(ctx, ['admin']);
      const deleted = await inTenant(ctx, (tx) => deps.servers.remove(tx, id));
      if (!deleted.numDeletedRows) {
        throw notFound('MCP server');
      }
      await deps.credentials.deleteCredentials(ctx, integrationOf(id));
    },

    /** Connects and lists the tools, as a turn would; records how it went. */
    async test(ctx: RequestContext, id: string) {
      requireRole(ctx, ['admin']);
      const row = await rowOrThrow(ctx, id);
      let result: { ok: boolean; message: string; tools: { name: string; description: string; allowed: boolean }[] };
      let connection: McpConnection | null = null;
      try {
        connection = await connect(ctx, row);
        const tools = await connection.listTools();
        const allowed = (name: string) => !row.allowed_tools || row.allowed_tools.includes(name);
        const offered = tools.filter((t) => allowed(t.name)).length;
        result = {
          ok: true,
          message: `Connected: ${tools.length} tool${tools.length === 1 ? '' : 's'} listed, ${offered} offered to the pilot.`,
          tools: tools.map((t) => ({ name: t.name, description: t.description, allowed: allowed(t.name) })),
        };
      } catch (error) {
        result = { ok: false, message: `Could not list the tools: ${describeError(error)}`, tools: [] };
      } finally {
        await connection?.close();
      }
      await inTenant(ctx, (tx) => deps.servers.recordTest(tx, id, { ok: result.ok, message: result.message, at: deps.clock.now() }));
      return result;
    },

    /**
     * The tools a turn of this service may use, or null when none is configured or reachable.
     * A server that cannot be reached is left out (and logged); the others still serve the turn.
     */
    async toolsFor(ctx: RequestContext, service: McpService): Promise<(ToolSet & { close(): Promise<void> }) | null> {
      const rows = await inTenant(ctx, (tx) => deps.servers.listEnabledFor(tx, service));
      const connections: McpConnection[] = [];
      const routes = new Map<string, { connection: McpConnection; tool: string; server: string }>();
      const tools: ModelTool[] = [];
      for (const row of rows) {
        try {
          const connection = await connect(ctx, row);
          connections.push(connection);
          const listed = (await connection.listTools()).filter((t) => !row.allowed_tools || row.allowed_tools.includes(t.name));
          for (const tool of listed.sort((a, b) => a.name.localeCompare(b.name))) {
            const name = exposedToolName(row.name, tool.name, new Set(routes.keys()));
            routes.set(name, { connection, tool: tool.name, server: row.name });
            tools.push({ name, description: `${tool.description} (MCP server ${row.name})`.trim(), inputSchema: tool.inputSchema });
          }
        } catch (error) {
          ctx.log.warn(
            { mcpServer: row.name, error: describeError(error) },
            'an MCP server could not be reached; its tools are not offered',
          );
        }
      }
      const close = async () => {
        await Promise.all(connections.map((c) => c.close()));
      };
      if (!tools.length) {
        await close();
        return null;
      }
      return {
        tools,
        async call(name, input) {
          const route = routes.get(name);
          if (!route) {
            // The model named a tool it was not offered: tell it, as a tool error it can correct.
            return { text: `There is no tool named ${name}.`, isError: true };
          }
          try {
            return await route.connection.callTool(route.tool, input);
          } catch (error) {
            throw new ToolFailure(`MCP server ${route.server} could not run ${route.tool}: ${describeError(error)}`);
          }
        },
        close,
      };
    },
  };
};

export type McpServersService = ReturnType<typeof createMcpServersService>;
