import { useEffect, useRef, useState } from 'react';
import { ApiError } from '@/app/api';
import type { PilotSession } from '@/app/types';
import { SessionTicket } from './SessionTicket';
import { streamMessage, useMessages, useRefreshSession, useSessionAction } from './usePilot';

/** P8.1: the incident header, the chat thread (replies stream in) and the composer. */
export const Conversation = ({
  session,
  canAct,
  onResolve,
  onEscalate,
}: {
  session: PilotSession;
  canAct: boolean;
  onResolve: () => void;
  onEscalate: () => void;
}) => {
  const messages = useMessages(session.id);
  const refresh = useRefreshSession(session.id);
  const action = useSessionAction(session.id);
  const [draft, setDraft] = useState('');
  const [streaming, setStreaming] = useState<{ user: string; reply: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const thread = useRef<HTMLDivElement>(null);
  const closed = session.state === 'resolved' || session.state === 'escalated';

  useEffect(() => {
    thread.current?.scrollTo({ top: thread.current.scrollHeight });
  });

  const send = async () => {
    const content = draft.trim();
    if (!content || streaming) {
      return;
    }
    setDraft('');
    setError(null);
    setStreaming({ user: content, reply: '' });
    try {
      await streamMessage(session.id, content, (delta) => setStreaming((s) => (s ? { ...s, reply: s.reply + delta } : s)));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'The pilot did not answer');
      setDraft(content);
    } finally {
      await refresh();
      setStreaming(null);
    }
  };

  return (
    <section className="pilot-conversation" aria-label="Conversation">
      <header className="pilot-header">
        <div className="row" style={{ gap: 8, flexWrap: 'wrap' }}>
          <SessionTicket session={session} canAct={canAct} />
          <span className="faint">
            {session.customerName ?? 'No customer'} · {session.contact || 'no contact'} · {session.priority} priority · {session.state}
          </span>
        </div>
        <div className="row" style={{ justifyContent: 'space-between', gap: 12, flexWrap: 'wrap' }}>
          <h1 style={{ margin: 0, fontSize: 22 }}>{session.title}</h1>
          {canAct && !closed && (
            <div className="row" style={{ gap: 8 }}>
              <button
                type="button"
                className="btn btn-small"
                onClick={() => action.mutate({ kind: session.state === 'paused' ? 'resume' : 'pause' })}
              >
                {session.state === 'paused' ? 'Resume' : 'Pause'}
              </button>
              <button type="button" className="btn btn-small" onClick={onEscalate}>
                Escalate
              </button>
              <button type="button" className="btn btn-small btn-primary" onClick={onResolve}>
                Resolve
              </button>
            </div>
          )}
        </div>
      </header>
      <div className="pilot-thread" ref={thread} data-testid="pilot-thread">
        {messages.data?.length === 0 && !streaming && (
          <p className="muted">Describe what the user sees. The pilot asks questions and proposes checks in the task lane.</p>
        )}
        {messages.data?.map((m) => (
          <div key={m.id} className={`pilot-message ${m.role}`} data-testid={`message-${m.role}`}>
            {m.content}
          </div>
        ))}
        {streaming && (
          <>
            <div className="pilot-message user">{streaming.user}</div>
            <div className="pilot-message assistant" aria-live="polite">
              {streaming.reply.replace(/\[(\/)?[A-Z_]+\][\s\S]*$/, '') || <span className="faint">Thinking…</span>}
            </div>
          </>
        )}
      </div>
      {error && <div className="alert alert-error">{error}</div>}
      {canAct && !closed && (
        <form
          className="pilot-composer"
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <div className="row" style={{ gap: 6 }}>
            <button type="button" className="chip" onClick={() => setDraft((d) => `${d}${d ? '\n' : ''}\`\`\`\n<paste logs here>\n\`\`\``)}>
              Paste logs
            </button>
            {session.ticket && (
              <button
                type="button"
                className="chip"
                onClick={() => setDraft((d) => `${d}${d ? ' ' : ''}(ticket ${session.ticket?.label})`)}
              >
                Ticket context
              </button>
            )}
          </div>
          <textarea
            className="input"
            aria-label="Message"
            rows={3}
            value={draft}
            placeholder="Message the pilot — ⌘/Ctrl+Enter to send"
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
                e.preventDefault();
                void send();
              }
            }}
          />
          <button type="submit" className="btn btn-primary btn-small" disabled={!draft.trim() || Boolean(streaming)}>
            {streaming ? 'Answering…' : 'Send'}
          </button>
        </form>
      )}
    </section>
  );
};
