import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/app/api';
import type { ApiResponse, McpServer, McpTestResult } from '@/app/api-types';

const KEY = ['mcp-servers'] as const;

export type PilotTelemetry = ApiResponse<'/api/v1/pilot/telemetry', 'get'>;
export const usePilotTelemetry = () =>
  useQuery({ queryKey: ['pilot-telemetry'], queryFn: () => api<PilotTelemetry>('GET', '/api/v1/pilot/telemetry') });

export const useMcpServers = () =>
  useQuery({ queryKey: KEY, queryFn: async () => (await api<{ items: McpServer[] }>('GET', '/api/v1/mcp-servers')).items });

const useMcpMutation = <I, O>(run: (input: I) => Promise<O>) => {
  const client = useQueryClient();
  return useMutation({ mutationFn: run, onSettled: () => client.invalidateQueries({ queryKey: KEY }) });
};

export type McpServerDraft = {
  name: string;
  url: string;
  transport: McpServer['transport'];
  token?: string;
  allowedTools: string[] | null;
};

export const useAddMcpServer = () => useMcpMutation((body: McpServerDraft) => api<McpServer>('POST', '/api/v1/mcp-servers', body));
export const useUpdateMcpServer = () =>
  useMcpMutation(({ id, ...patch }: { id: string } & Partial<McpServerDraft & { enabled: boolean; token: string | null }>) =>
    api<McpServer>('PATCH', `/api/v1/mcp-servers/${id}`, patch),
  );
export const useRemoveMcpServer = () => useMcpMutation((id: string) => api<null>('DELETE', `/api/v1/mcp-servers/${id}`));
export const useTestMcpServer = () => useMcpMutation((id: string) => api<McpTestResult>('POST', `/api/v1/mcp-servers/${id}/test`));
