// A local documentation MCP server, built with the official @modelcontextprotocol/sdk, shaped
// after the Microsoft Learn MCP server (learn.microsoft.com/training/support/mcp-developer-reference):
// a remote server on Streamable HTTP, no authentication by default, tools `microsoft_docs_search`,
// `microsoft_docs_fetch` and `microsoft_code_sample_search`, and a tool list clients must read on
// every initialisation (it may change). It serves a small fixed corpus so tests and the demo are
// deterministic, can require a bearer token (as an MSP's own MCP server would), and can be told to
// fail: a tool returning an error result (`isError`), or the HTTP endpoint answering 500 to tool
// calls, as a crashed or overloaded server does. Every call is recorded.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import { DOCS_CORPUS } from './docs-corpus';

export type DocsToolFailure = 'error_result' | 'http_500';
export type RecordedToolCall = { name: string; arguments: Record<string, unknown>; authorization: string | undefined };

const words = (text: string) => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];

/** Articles ranked by how many of the query's words they contain (the real service ranks semantically). */
const searchDocs = (query: string) => {
  const wanted = new Set(words(query).filter((w) => w.length > 2));
  return DOCS_CORPUS.map((doc) => ({ doc, score: words(`${doc.title} ${doc.content}`).filter((w) => wanted.has(w)).length }))
    .filter((hit) => hit.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, 5)
    .map(({ doc }) => ({ title: doc.title, contentUrl: doc.url, content: doc.content.slice(0, 1200) }));
};

export const startDocsMcpServer = async (options: { port?: number; host?: string; bearerToken?: string } = {}) => {
  const calls: RecordedToolCall[] = [];
  const failures = new Map<string, DocsToolFailure>();
  let authorization: string | undefined;

  const buildServer = () => {
    const server = new McpServer({ name: 'flightdeck-docs-sandbox', version: '1.0.0' });
    const tool = (name: string, description: string, shape: z.ZodRawShape, run: (args: Record<string, string>) => string) =>
      server.registerTool(name, { description, inputSchema: shape }, async (args) => {
        calls.push({ name, arguments: args as Record<string, unknown>, authorization });
        if (failures.get(name) === 'error_result') {
          return { isError: true, content: [{ type: 'text' as const, text: `The ${name} service is temporarily unavailable.` }] };
        }
        return { content: [{ type: 'text' as const, text: run(args as Record<string, string>) }] };
      });
    tool(
      'microsoft_docs_search',
      'Search official Microsoft/Azure documentation to find the most relevant and trustworthy content for a user query.',
      { query: z.string().describe('a query or topic about Microsoft/Azure products, services, platforms') },
      ({ query }) => JSON.stringify(searchDocs(query ?? ''), null, 2),
    );
    tool(
      'microsoft_docs_fetch',
      'Fetch and convert a Microsoft Learn documentation page to markdown format.',
      { url: z.string().describe('URL of the Microsoft documentation page to read') },
      ({ url }) => {
        const doc = DOCS_CORPUS.find((d) => d.url === url);
        return doc ? `# ${doc.title}\n\n${doc.content}` : `No document was found at ${url}.`;
      },
    );
    tool(
      'microsoft_code_sample_search',
      'Search for code snippets and examples in official Microsoft Learn documentation.',
      { query: z.string(), language: z.string().optional() },
      ({ query }) =>
        JSON.stringify(
          searchDocs(query ?? '')
            .filter((hit) => hit.content.includes('```'))
            .map((hit) => ({ description: hit.title, codeSnippet: hit.content.split('```')[1] ?? '', link: hit.contentUrl })),
          null,
          2,
        ),
    );
    return server;
  };

  const toolOf = (message: unknown) => String((message as { params?: { name?: string } }).params?.name ?? '');
  const callsABrokenTool = (body: unknown) =>
    [body].flat().some((m) => (m as { method?: string } | null)?.method === 'tools/call' && failures.get(toolOf(m)) === 'http_500');

  const httpServer = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://sandbox');
      if (url.pathname !== '/api/mcp') {
        res.writeHead(404).end();
        return;
      }
      if (options.bearerToken && req.headers.authorization !== `Bearer ${options.bearerToken}`) {
        res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' });
        res.end(JSON.stringify({ error: 'invalid_token', error_description: 'Missing or invalid bearer token' }));
        return;
      }
      if (req.method !== 'POST') {
        // Stateless servers offer no GET stream (the real endpoint answers 405 to a browser too).
        res.writeHead(405, { allow: 'POST' }).end();
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null }));
        return;
      }
      if (callsABrokenTool(body)) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
        return;
      }
      authorization = req.headers.authorization;
      // Stateless: one server and transport per request, as the SDK's stateless example does.
      const server = buildServer();
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      res.on('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(req, res, body);
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/api/mcp`,
    calls: () => [...calls],
    /** The named tool fails from now on, in the given way. */
    failTool: (name: string, how: DocsToolFailure) => failures.set(name, how),
    reset() {
      calls.length = 0;
      failures.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        httpServer.closeAllConnections();
        httpServer.close(() => resolve());
      }),
  };
};

export type DocsMcpServer = Awaited<ReturnType<typeof startDocsMcpServer>>;
