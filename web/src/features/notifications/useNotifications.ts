import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/app/api';
import type {
  AlertEvaluation,
  AlertRule,
  AlertRuleDraft,
  ChannelDraft,
  ChannelTest,
  DigestDraft,
  DigestSubscription,
  NotificationChannel,
  NotificationDelivery,
  ReportBranding,
  ReportRecipient,
  SavedChannel,
  SmtpDraft,
  SmtpSettings,
  SmtpTest,
} from '@/app/api-types';

const KEY = ['notifications'] as const;

const useWrite = <I, O>(run: (input: I) => Promise<O>, key: readonly unknown[] = KEY) => {
  const client = useQueryClient();
  return useMutation({ mutationFn: run, onSettled: () => client.invalidateQueries({ queryKey: key }) });
};

export const useSmtp = () =>
  useQuery({ queryKey: [...KEY, 'smtp'], queryFn: () => api<SmtpSettings>('GET', '/api/v1/notifications/smtp') });
export const useSaveSmtp = () => useWrite((body: SmtpDraft) => api<SmtpSettings>('PUT', '/api/v1/notifications/smtp', body));
export const useTestSmtp = () => useWrite((to: string) => api<SmtpTest>('POST', '/api/v1/notifications/smtp/test', { to }));

export const useChannels = () =>
  useQuery({
    queryKey: [...KEY, 'channels'],
    queryFn: async () => (await api<{ channels: NotificationChannel[] }>('GET', '/api/v1/notifications/channels')).channels,
    // A channel's last delivery is sent by the job queue shortly after it is queued.
    refetchInterval: (query) => (query.state.data?.some((c) => c.lastDelivery?.status === 'queued') ? 2000 : false),
  });
export const useAddChannel = () => useWrite((body: ChannelDraft) => api<SavedChannel>('POST', '/api/v1/notifications/channels', body));
export const useRemoveChannel = () => useWrite((id: string) => api<null>('DELETE', `/api/v1/notifications/channels/${id}`));
export const useTestChannel = () => useWrite((id: string) => api<ChannelTest>('POST', `/api/v1/notifications/channels/${id}/test`));

export const useRules = () =>
  useQuery({
    queryKey: [...KEY, 'rules'],
    queryFn: async () => (await api<{ rules: AlertRule[] }>('GET', '/api/v1/notifications/rules')).rules,
  });
export const useAddRule = () => useWrite((body: AlertRuleDraft) => api<AlertRule>('POST', '/api/v1/notifications/rules', body));
export const useUpdateRule = () =>
  useWrite(({ id, ...body }: AlertRuleDraft & { id: string }) => api<AlertRule>('PUT', `/api/v1/notifications/rules/${id}`, body));
export const useRemoveRule = () => useWrite((id: string) => api<null>('DELETE', `/api/v1/notifications/rules/${id}`));
export const useEvaluateRules = () => useWrite(() => api<AlertEvaluation>('POST', '/api/v1/notifications/rules/evaluate'));

/** The delivery log, refreshed while something waits to be sent. */
export const useDeliveries = () =>
  useQuery({
    queryKey: [...KEY, 'deliveries'],
    queryFn: async () => (await api<{ deliveries: NotificationDelivery[] }>('GET', '/api/v1/notifications/deliveries')).deliveries,
    refetchInterval: (query) => (query.state.data?.some((d) => d.status === 'queued') ? 2000 : false),
  });

export const useBranding = () =>
  useQuery({ queryKey: [...KEY, 'branding'], queryFn: () => api<ReportBranding>('GET', '/api/v1/reports/branding') });
export const useSaveBranding = () =>
  useWrite((body: { mspName: string; logo?: string | null }) => api<ReportBranding>('PUT', '/api/v1/reports/branding', body));

const DIGEST_KEY = ['digest'] as const;
export const useDigest = () => useQuery({ queryKey: DIGEST_KEY, queryFn: () => api<DigestSubscription>('GET', '/api/v1/me/digest') });
export const useSaveDigest = () => useWrite((body: DigestDraft) => api<DigestSubscription>('PUT', '/api/v1/me/digest', body), DIGEST_KEY);
export const useSendDigest = () => useWrite(() => api<{ queued: boolean; subject: string }>('POST', '/api/v1/me/digest/send'), DIGEST_KEY);

export const useReportRecipient = (customerId: string) =>
  useQuery({
    queryKey: ['report-recipient', customerId],
    queryFn: () => api<ReportRecipient>('GET', `/api/v1/customers/${customerId}/report-recipient`),
  });
export const useSaveReportRecipient = (customerId: string) =>
  useWrite(
    (body: ReportRecipient) => api<ReportRecipient>('PUT', `/api/v1/customers/${customerId}/report-recipient`, body),
    ['report-recipient', customerId],
  );
