import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '#src/plugins/authentication';
import type { Services } from '#src/services';
import { McpServerBody, McpServerList, McpServerParams, McpServerPatch, McpServerView, McpTestResult } from './mcp-servers.schemas';

export const mcpServersRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const tags = ['mcp-servers'];
  const { mcpServers } = services;

  app.get(
    '/api/v1/mcp-servers',
    {
      schema: {
        tags,
        summary: "The MCP servers the pilot's tool use may reach (admin); tokens are never returned",
        response: { 200: McpServerList },
      },
    },
    (req) => mcpServers.list(contextOf(req)),
  );
  app.post(
    '/api/v1/mcp-servers',
    { schema: { tags, summary: 'Add an MCP server (admin)', body: McpServerBody, response: { 201: McpServerView } } },
    async (req, reply) => reply.status(201).send(await mcpServers.create(contextOf(req), req.body)),
  );
  app.patch(
    '/api/v1/mcp-servers/:serverId',
    {
      schema: {
        tags,
        summary: 'Change an MCP server (admin); a new host drops the stored token',
        params: McpServerParams,
        body: McpServerPatch,
        response: { 200: McpServerView },
      },
    },
    (req) => mcpServers.update(contextOf(req), req.params.serverId, req.body),
  );
  app.delete(
    '/api/v1/mcp-servers/:serverId',
    { schema: { tags, summary: 'Remove an MCP server and its token (admin)', params: McpServerParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await mcpServers.remove(contextOf(req), req.params.serverId);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/v1/mcp-servers/:serverId/test',
    {
      schema: {
        tags,
        summary: 'Connect to the MCP server and list its tools, as a pilot turn would (admin)',
        params: McpServerParams,
        response: { 200: McpTestResult },
      },
    },
    (req) => mcpServers.test(contextOf(req), req.params.serverId),
  );
};
