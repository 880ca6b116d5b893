// Issue 18 (P0.4): Flightdeck as an MCP client, through the official @modelcontextprotocol/sdk.
// A connection lasts one pilot turn: initialise, list the tools (servers may change them between
// sessions, so the list is read each time, as the Microsoft Learn server asks), run the calls the
// model makes, close. Every HTTP request goes through the external caller's logged, bounded fetch,
// so MCP traffic lands in the external-call log and follows the outbound policy (N6).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ExternalCaller } from '#src/features/external-calls/external-caller';
import type { RequestContext } from '#src/lib/context';

export const MCP_TRANSPORTS = ['streamable_http', 'sse'] as const;
export type McpTransport = (typeof MCP_TRANSPORTS)[number];

export type McpTarget = { url: string; transport: McpTransport; token: string | null };
export type McpToolInfo = { name: string; description: string; inputSchema: Record<string, unknown> };
export type McpCallResult = { text: string; isError: boolean };

/** A request to an MCP server: long enough for a docs search, short enough for a chat turn. */
const REQUEST_TIMEOUT_MS = 20_000;
/** Servers page their tool lists; a server offering more than this many pages is not listed further. */
const MAX_TOOL_PAGES = 10;

type ContentPart = { type: string; text?: string; resource?: { uri?: string; text?: string }; uri?: string; name?: string };

/** What the model reads of a result: the text parts; other parts are named, not inlined. */
const textOfContent = (content: readonly ContentPart[]) =>
  content
    .map((part) => {
      if (part.type === 'text') {
        return part.text ?? '';
      }
      if (part.type === 'resource') {
        return part.resource?.text ?? `[resource ${part.resource?.uri ?? ''}]`;
      }
      if (part.type === 'resource_link') {
        return `[link ${part.name ?? ''} ${part.uri ?? ''}]`.trim();
      }
      return `[${part.type} content not shown]`;
    })
    .join('\n');

export const connectMcp = async (ctx: RequestContext, caller: ExternalCaller, target: McpTarget) => {
  const secrets = target.token ? [target.token] : [];
  // The SSE transport keeps one GET stream open for the whole connection; its bound is the turn's.
  const fetch = caller.fetchFor(ctx, {
    integration: 'mcp',
    action: 'queried',
    secrets,
    timeoutMs: target.transport === 'sse' ? 10 * 60_000 : REQUEST_TIMEOUT_MS,
  });
  const requestInit: RequestInit | undefined = target.token ? { headers: { authorization: `Bearer ${target.token}` } } : undefined;
  const url = new URL(target.url);
  const transport =
    target.transport === 'sse'
      ? new SSEClientTransport(url, {
          fetch,
          requestInit,
          // The event stream's own request carries the token too (its headers may come as a Headers object).
          eventSourceInit: {
            fetch: (input, init) => {
              const headers = new Headers(init?.headers);
              if (target.token) {
                headers.set('authorization', `Bearer ${target.token}`);
              }
              return fetch(input, { ...init, headers });
            },
          },
        })
      : new StreamableHTTPClientTransport(url, { fetch, requestInit });
  const client = new Client({ name: 'flightdeck', version: '0.1.0' });
  await client.connect(transport, { timeout: REQUEST_TIMEOUT_MS });

  return {
    async listTools(): Promise<McpToolInfo[]> {
      const tools: McpToolInfo[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_TOOL_PAGES; page += 1) {
        const answer = await client.listTools(cursor ? { cursor } : undefined, { timeout: REQUEST_TIMEOUT_MS });
        tools.push(
          ...answer.tools.map((t) => ({
            name: t.name,
            description: t.description ?? t.title ?? '',
            inputSchema: t.inputSchema as Record<string, unknown>,
          })),
        );
        cursor = answer.nextCursor;
        if (!cursor) {
          break;
        }
      }
      return tools;
    },
    /** Rejects when the call could not be made (transport, protocol or timeout); a tool's own error comes back as `isError`. */
    async callTool(name: string, input: unknown): Promise<McpCallResult> {
      const result = await client.callTool({ name, arguments: (input ?? {}) as Record<string, unknown> }, undefined, {
        timeout: REQUEST_TIMEOUT_MS,
      });
      const content = (result.content ?? []) as ContentPart[];
      const structured = result.structuredContent ? JSON.stringify(result.structuredContent) : '';
      return { text: textOfContent(content) || structured, isError: Boolean(result.isError) };
    },
    close: () => client.close().catch(() => undefined),
  };
};

export type McpConnection = Awaited<ReturnType<typeof connectMcp>>;
