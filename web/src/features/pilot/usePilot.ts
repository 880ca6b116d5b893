import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, csrfHeader } from '@/app/api';
import type {
  ApiResponse,
  PilotDocumentKind,
  PilotFact,
  PilotMessage,
  PilotPostResult,
  PilotPreview,
  PilotSession,
  PilotSessionSummary,
} from '@/app/api-types';

const base = (id: string) => `/api/v1/ai-sessions/${id}`;

export const useSessions = () =>
  useQuery({
    queryKey: ['pilot-sessions'],
    queryFn: () => api<{ active: PilotSessionSummary[]; recent: PilotSessionSummary[] }>('GET', '/api/v1/ai-sessions'),
  });

/** How often an open session is read again, so two people on it see each other's changes (issue 17). */
export const LIVE_POLL_MS = 1000;

/**
 * The session, polled while it is on screen. Its `stateVersion` moves with every change to facts,
 * answers, checks and the fix; when it moves, the facts and the conversation are read again.
 * Typed-but-unsent text lives in the components' own state, so a refresh never clobbers it.
 */
export const useSession = (id: string) => {
  const client = useQueryClient();
  return useQuery({
    queryKey: ['pilot-session', id],
    queryFn: async () => {
      const before = client.getQueryData<PilotSession>(['pilot-session', id]);
      const session = await api<PilotSession>('GET', base(id));
      if (before && (before.stateVersion !== session.stateVersion || before.lastActivityAt !== session.lastActivityAt)) {
        await Promise.all([
          client.invalidateQueries({ queryKey: ['pilot-facts', id] }),
          client.invalidateQueries({ queryKey: ['pilot-messages', id] }),
        ]);
      }
      return session;
    },
    enabled: Boolean(id),
    refetchInterval: (query) => (['resolved', 'escalated'].includes(query.state.data?.state ?? '') ? false : LIVE_POLL_MS),
  });
};
export const useMessages = (id: string) =>
  useQuery({
    queryKey: ['pilot-messages', id],
    queryFn: async () => (await api<{ messages: PilotMessage[] }>('GET', `${base(id)}/messages`)).messages,
  });
export const useFacts = (id: string) =>
  useQuery({ queryKey: ['pilot-facts', id], queryFn: () => api<{ facts: PilotFact[]; stateVersion: number }>('GET', `${base(id)}/facts`) });
/** Everything about one session is refreshed after a change to it. */
export const useRefreshSession = (id: string) => {
  const client = useQueryClient();
  return () =>
    Promise.all(['pilot-session', 'pilot-messages', 'pilot-facts'].map((key) => client.invalidateQueries({ queryKey: [key, id] }))).then(
      () => client.invalidateQueries({ queryKey: ['pilot-sessions'] }),
    );
};

export const useCreateSession = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { title: string; customerId: string | null; contact: string; priority: string; ticketNumber: string | null }) =>
      api<PilotSession>('POST', '/api/v1/ai-sessions', body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['pilot-sessions'] }),
  });
};

export const useSessionAction = (id: string) => {
  const refresh = useRefreshSession(id);
  return useMutation({
    mutationFn: (
      action:
        | { kind: 'pause' | 'resume' }
        | { kind: 'answer'; itemId: string; answer: string }
        | { kind: 'skip'; itemId: string }
        | { kind: 'check'; itemId: string; output: string }
        | { kind: 'note'; text: string }
        | { kind: 'edit-fact'; factId: string; text: string }
        | { kind: 'delete-fact'; factId: string }
        | { kind: 'dismiss-fix'; fixId: string }
        | { kind: 'fix-applied'; fixId: string }
        | { kind: 'link-ticket'; ticketNumber: string }
        | { kind: 'unlink-ticket' },
    ): Promise<unknown> => {
      switch (action.kind) {
        case 'pause':
        case 'resume':
          return api('POST', `${base(id)}/${action.kind}`);
        case 'answer':
          return api('POST', `${base(id)}/task-lane/questions/${action.itemId}/answer`, { answer: action.answer });
        case 'skip':
          return api('POST', `${base(id)}/task-lane/questions/${action.itemId}/skip`);
        case 'check':
          return api('POST', `${base(id)}/task-lane/checks/${action.itemId}/result`, { output: action.output });
        case 'note':
          return api('POST', `${base(id)}/facts`, { text: action.text });
        case 'edit-fact':
          return api('PATCH', `${base(id)}/facts/${action.factId}`, { text: action.text });
        case 'delete-fact':
          return api('DELETE', `${base(id)}/facts/${action.factId}`);
        case 'dismiss-fix':
          return api('POST', `${base(id)}/suggested-fixes/${action.fixId}/decision`, { decision: 'dismissed' });
        case 'fix-applied':
          return api('POST', `${base(id)}/suggested-fixes/${action.fixId}/applied`);
        case 'link-ticket':
          return api('POST', `${base(id)}/ticket/link`, { ticketNumber: action.ticketNumber });
        case 'unlink-ticket':
          return api('POST', `${base(id)}/ticket/unlink`);
      }
    },
    onSettled: refresh,
  });
};

/** What a streamed turn reports besides words: a tool in use, or that the words start over (answered without tools). */
export type TurnProgress = { type: 'tool'; name: string } | { type: 'restart'; reason: string };

/** Sends a chat message and streams the reply (server-sent events) into `onText`. */
export const streamMessage = async (
  id: string,
  content: string,
  onText: (delta: string) => void,
  attachmentIds: string[] = [],
  onProgress: (event: TurnProgress) => void = () => {},
) => {
  const response = await fetch(`${base(id)}/messages/stream`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...csrfHeader() },
    credentials: 'same-origin',
    body: JSON.stringify({ content, attachmentIds }),
  });
  if (!response.ok || !response.body) {
    const problem = await response.json().catch(() => null);
    throw new ApiError(
      response.status,
      problem?.code ?? 'internal',
      problem?.detail ?? `Request failed (${response.status})`,
      problem?.errors ?? [],
    );
  }
  const decoder = new TextDecoder();
  let buffered = '';
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    buffered += decoder.decode(value, { stream: true });
    const events = buffered.split('\n\n');
    buffered = events.pop() ?? '';
    for (const raw of events) {
      const name = /^event: (.+)$/m.exec(raw)?.[1];
      const data = JSON.parse(/^data: (.+)$/m.exec(raw)?.[1] ?? 'null');
      if (name === 'delta') {
        onText(data.text as string);
      } else if (name === 'tool' || name === 'restart') {
        onProgress(data as TurnProgress);
      } else if (name === 'error') {
        throw new ApiError(422, data.code, data.detail);
      }
    }
  }
};

const DOCUMENT_PATHS: Record<PilotDocumentKind, string> = {
  resolution_note: 'resolution-note',
  escalation_package: 'escalation-package',
  progress_update: 'progress-update',
};

export const fetchTicketContext = (id: string) => api<{ ticket_ref: string; text: string }>('GET', `${base(id)}/ticket-context`);

export const fetchPreview = (id: string, kind: PilotDocumentKind) =>
  api<PilotPreview>('POST', `${base(id)}/${DOCUMENT_PATHS[kind]}/preview`);

export const usePostDocument = (id: string) => {
  const refresh = useRefreshSession(id);
  return useMutation({
    mutationFn: async ({ kind, markdown, outcome }: { kind: PilotDocumentKind; markdown: string; outcome?: string }) => {
      if (kind === 'progress_update') {
        const shared = await api<ApiResponse<'/api/v1/ai-sessions/{sessionId}/progress-update/post', 'post'>>(
          'POST',
          `${base(id)}/${DOCUMENT_PATHS[kind]}/post`,
          { markdown },
        );
        const posted: PilotPostResult = {
          outcome: 'update_shared',
          note_external_id: shared.note_external_id,
          status: null,
          routed_to: null,
          status_transition_skipped_reason: null,
        };
        return posted;
      }
      return api<PilotPostResult>('POST', `${base(id)}/${DOCUMENT_PATHS[kind]}/post`, {
        markdown,
        ...(outcome !== undefined && { outcome }),
      });
    },
    onSettled: refresh,
  });
};

export type PilotAttachment = ApiResponse<'/api/v1/ai-sessions/{sessionId}/attachments', 'get'>['attachments'][number];

/** Issue 18: the file as it is, its name in the query; the server reads its kind from its bytes. */
export const uploadAttachment = (id: string, file: File) =>
  api<PilotAttachment>('POST', `${base(id)}/attachments?name=${encodeURIComponent(file.name || 'pasted.png')}`, {
    raw: file,
    contentType: file.type || 'application/octet-stream',
  });

export const useAttachments = (id: string) =>
  useQuery({
    queryKey: ['pilot-attachments', id],
    queryFn: () => api<{ attachments: PilotAttachment[] }>('GET', `${base(id)}/attachments`).then((r) => r.attachments),
  });

export const useLogAsCheckOutput = (id: string) => {
  const refresh = useRefreshSession(id);
  return useMutation({
    mutationFn: ({ attachmentId, checkId }: { attachmentId: string; checkId: string }) =>
      api('POST', `${base(id)}/attachments/${attachmentId}/check-output`, { checkId }),
    onSuccess: () => refresh(),
  });
};
