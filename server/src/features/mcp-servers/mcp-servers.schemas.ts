import { z } from 'zod';
import { MCP_TRANSPORTS } from '#src/clients/mcp/mcp-client';

/** The model services an MCP server may serve (P0.4): today the main conversation. */
export const MCP_SERVICES = ['conversation'] as const;
export type McpService = (typeof MCP_SERVICES)[number];

export const McpServerParams = z.strictObject({ serverId: z.uuid() });

const ToolName = z.string().trim().min(1).max(128);
export const McpServerBody = z.strictObject({
  name: z.string().trim().min(1).max(60),
  url: z.url({ protocol: /^https?$/ }).max(2000),
  transport: z.enum(MCP_TRANSPORTS).default('streamable_http'),
  /** A bearer token sent as `Authorization: Bearer …`; sealed, never shown again. */
  token: z.string().min(1).max(4000).nullish(),
  /** Null: every tool the server lists. */
  allowedTools: z.array(ToolName).max(200).nullable().default(null),
  services: z.array(z.enum(MCP_SERVICES)).max(MCP_SERVICES.length).default(['conversation']),
  enabled: z.boolean().default(true),
});
export type McpServerBody = z.infer<typeof McpServerBody>;

/** A change; `token: null` removes the stored token, leaving it out keeps it (unless the host changes). */
export const McpServerPatch = z.strictObject({
  name: McpServerBody.shape.name.optional(),
  url: McpServerBody.shape.url.optional(),
  transport: z.enum(MCP_TRANSPORTS).optional(),
  token: z.string().min(1).max(4000).nullish(),
  allowedTools: z.array(ToolName).max(200).nullish(),
  services: z.array(z.enum(MCP_SERVICES)).max(MCP_SERVICES.length).optional(),
  enabled: z.boolean().optional(),
});
export type McpServerPatch = z.infer<typeof McpServerPatch>;

export const McpServerView = z.object({
  id: z.uuid(),
  name: z.string(),
  url: z.string(),
  transport: z.enum(MCP_TRANSPORTS),
  hasToken: z.boolean(),
  allowedTools: z.array(z.string()).nullable(),
  services: z.array(z.enum(MCP_SERVICES)),
  enabled: z.boolean(),
  lastTestAt: z.string().nullable(),
  lastTestOk: z.boolean().nullable(),
  lastTestMessage: z.string().nullable(),
});
export type McpServerView = z.infer<typeof McpServerView>;
export const McpServerList = z.object({ items: z.array(McpServerView) });

export const McpTestResult = z.object({
  ok: z.boolean(),
  message: z.string(),
  tools: z.array(z.object({ name: z.string(), description: z.string(), allowed: z.boolean() })),
});
