import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/app/api';
import type { MailIntakeResult, ReportMailSummary, TriedMail } from '@/app/api-types';

const KEY = ['report-mails'] as const;

/** What happened to one uploaded file: the intake's answer, or why the upload failed. */
export type UploadOutcome = { file: string; result?: MailIntakeResult; error?: string };

export const useReportMails = (status: string) =>
  useQuery({
    queryKey: [...KEY, status],
    queryFn: async () =>
      (await api<{ mails: ReportMailSummary[] }>('GET', `/api/v1/mails?${new URLSearchParams(status ? { status } : {})}`)).mails,
  });

const useRefreshing = () => {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: KEY });
    void client.invalidateQueries({ queryKey: ['inbox'] });
  };
};

export const useUploadMails = () => {
  const refresh = useRefreshing();
  return useMutation({
    // One file at a time: each gets its own answer, and one bad file never hides the others.
    mutationFn: async (files: File[]) => {
      const results: UploadOutcome[] = [];
      for (const file of files) {
        try {
          results.push({
            file: file.name,
            result: await api<MailIntakeResult>('POST', '/api/v1/mails', { raw: file, contentType: 'message/rfc822' }),
          });
        } catch (error) {
          results.push({ file: file.name, error: (error as Error).message });
        }
      }
      return results;
    },
    onSettled: refresh,
  });
};

/** Issue 11: shows what the parsers read from a mail; nothing is stored. */
export const useTryMail = () =>
  useMutation({ mutationFn: (file: File) => api<TriedMail>('POST', '/api/v1/mails/try', { raw: file, contentType: 'message/rfc822' }) });

export const useReparseMail = () => {
  const refresh = useRefreshing();
  return useMutation({ mutationFn: (id: string) => api<MailIntakeResult>('POST', `/api/v1/mails/${id}/reparse`), onSettled: refresh });
};
