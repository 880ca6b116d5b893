// Server state of a customer's environment insights (I4).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/app/api';
import type { Insight, InsightCategory, InsightConfidence } from '@/app/api-types';

export const INSIGHT_CATEGORY_LABELS: Record<InsightCategory, string> = {
  command_constraints: 'Command constraints',
  service_configuration: 'Service configuration',
  version_limitations: 'Version limitations',
  network: 'Network',
  security: 'Security',
  other: 'Other',
};

const key = (customerId: string) => ['insights', customerId];

export const useInsights = (customerId: string | null) =>
  useQuery({
    queryKey: key(customerId ?? ''),
    queryFn: () => api<{ insights: Insight[] }>('GET', `/api/v1/customers/${customerId}/insights`).then((r) => r.insights),
    enabled: Boolean(customerId),
  });

export type InsightDraft = { category: InsightCategory; confidence: InsightConfidence; priority: number; text: string };

export const useCreateInsight = (customerId: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (draft: InsightDraft) => api<Insight>('POST', `/api/v1/customers/${customerId}/insights`, draft),
    onSuccess: () => client.invalidateQueries({ queryKey: key(customerId) }),
  });
};

export const useSaveFactAsInsight = (sessionId: string, customerId: string | null) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ factId, ...draft }: Omit<InsightDraft, 'text'> & { factId: string }) =>
      api<Insight>('POST', `/api/v1/ai-sessions/${sessionId}/facts/${factId}/insight`, draft),
    onSuccess: () => client.invalidateQueries({ queryKey: key(customerId ?? '') }),
  });
};

export const useUpdateInsight = (customerId: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: Partial<InsightDraft> & { id: string }) => api<Insight>('PATCH', `/api/v1/insights/${id}`, patch),
    onSuccess: () => client.invalidateQueries({ queryKey: key(customerId) }),
  });
};

export const useRetireInsight = (customerId: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<Insight>('POST', `/api/v1/insights/${id}/retire`),
    onSuccess: () => client.invalidateQueries({ queryKey: key(customerId) }),
  });
};
