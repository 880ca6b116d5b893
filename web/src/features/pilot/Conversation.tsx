import { FileText, ImageSquare } from '@phosphor-icons/react';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '@/app/api';
import { formatBytes } from '@/app/format';
import type { PilotMessage, PilotSession, PilotToolCall } from '@/app/api-types';
import { ChatMarkdown } from './ChatMarkdown';
import { SessionTicket } from './SessionTicket';
import {
  fetchTicketContext,
  type PilotAttachment,
  streamMessage,
  uploadAttachment,
  useAttachments,
  useLogAsCheckOutput,
  useMessages,
  useRefreshSession,
  useSessionAction,
} from './usePilot';

const sizeOf = formatBytes;

/** An attachment as a chip: its name and size, a link to the file, and for a log "use as a check's output". */
const AttachmentChip = ({ sessionId, attachment, session }: { sessionId: string; attachment: PilotAttachment; session: PilotSession }) => {
  const asOutput = useLogAsCheckOutput(sessionId);
  const pending = session.taskLane.checks.filter((c) => c.status === 'pending');
  return (
    <span className="attachment-chip" data-testid="attachment-chip">
      <a href={`/api/v1/ai-sessions/${sessionId}/attachments/${attachment.id}`} target="_blank" rel="noopener noreferrer">
        {attachment.kind === 'image' ? (
          <ImageSquare size={13} weight="duotone" aria-hidden />
        ) : (
          <FileText size={13} weight="duotone" aria-hidden />
        )}{' '}
        {attachment.fileName}
      </a>
      <span className="faint"> · {sizeOf(attachment.sizeBytes)}</span>
      {attachment.kind === 'text' && pending.length > 0 && !asOutput.isSuccess && (
        <select
          className="input attachment-use"
          aria-label={`Use ${attachment.fileName} as the output of`}
          value=""
          disabled={asOutput.isPending}
          onChange={(e) => e.target.value && asOutput.mutate({ attachmentId: attachment.id, checkId: e.target.value })}
        >
          <option value="">Use as output of…</option>
          {pending.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
            </option>
          ))}
        </select>
      )}
      {asOutput.isSuccess && <span className="faint"> · recorded as a check's output</span>}
    </span>
  );
};

const initials = (name: string | null | undefined) =>
  (name ?? 'You')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join('');

/** One chat turn: the pilot on the left (cyan), a technician on the right (purple), as markdown. */
const Message = ({
  from: role,
  content,
  authorName,
  live,
}: Pick<PilotMessage, 'content' | 'authorName'> & { from: PilotMessage['role']; live?: boolean }) => (
  <div className={`pilot-turn ${role}`} data-testid={live ? undefined : `message-${role}`}>
    <span className={`chat-avatar ${role}`} aria-hidden="true" title={role === 'assistant' ? 'FlowPilot' : (authorName ?? undefined)}>
      {role === 'assistant' ? 'FP' : initials(authorName)}
    </span>
    <div className={`pilot-message ${role}`} aria-live={live ? 'polite' : undefined}>
      {content ? <ChatMarkdown text={content} /> : <span className="faint">Thinking…</span>}
    </div>
  </div>
);

/** P0.4: the tools the pilot used for a reply, collapsed; open one to see what it asked and got. */
const ToolCalls = ({ calls }: { calls: PilotToolCall[] }) => (
  <div className="tool-calls" data-testid="tool-calls">
    {calls.map((call, index) => (
      // biome-ignore lint/suspicious/noArrayIndexKey: a reply's calls never reorder
      <details key={index} className={`tool-call${call.isError ? ' error' : ''}`}>
        <summary>
          <span aria-hidden="true">⚙</span> Used <code>{call.name}</code>
          <span className="faint">
            {' '}
            · {call.durationMs} ms{call.isError ? ' · the tool answered with an error' : ''}
          </span>
        </summary>
        <div className="tool-call-body">
          <div className="faint">Asked</div>
          <pre>{call.input}</pre>
          <div className="faint">Answer</div>
          <pre>{call.output}</pre>
        </div>
      </details>
    ))}
  </div>
);

/** P8.1: the incident header, the chat thread (replies stream in) and the composer. */
export const Conversation = ({
  session,
  canAct,
  onResolve,
  onEscalate,
  onShareUpdate,
  documentOpen,
}: {
  session: PilotSession;
  canAct: boolean;
  onResolve: () => void;
  onEscalate: () => void;
  onShareUpdate: () => void;
  /** A note preview is open beside the task lane: the header points at it. */
  documentOpen: string | null;
}) => {
  const messages = useMessages(session.id);
  const refresh = useRefreshSession(session.id);
  const action = useSessionAction(session.id);
  const [draft, setDraft] = useState('');
  const [streaming, setStreaming] = useState<{ user: string; reply: string; tool: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [readingTicket, setReadingTicket] = useState(false);
  // Issue 18: files attached to the next message, uploaded as soon as they are picked or pasted.
  const [pendingFiles, setPendingFiles] = useState<PilotAttachment[]>([]);
  const [uploading, setUploading] = useState(false);
  const attachments = useAttachments(session.id);
  const fileInput = useRef<HTMLInputElement>(null);
  const attach = async (files: File[]) => {
    if (!files.length) {
      return;
    }
    setUploading(true);
    setError(null);
    try {
      for (const file of files) {
        const saved = await uploadAttachment(session.id, file);
        setPendingFiles((list) => [...list, saved]);
      }
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'The file could not be attached');
    } finally {
      setUploading(false);
      await attachments.refetch();
    }
  };
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
    const sending = pendingFiles;
    setDraft('');
    setPendingFiles([]);
    setError(null);
    setStreaming({ user: content, reply: '', tool: null });
    try {
      await streamMessage(
        session.id,
        content,
        (delta) => setStreaming((s) => (s ? { ...s, reply: s.reply + delta, tool: null } : s)),
        sending.map((f) => f.id),
        // A tool in use shows under the reply; a restart (answered without tools) replaces the words so far.
        (event) => setStreaming((s) => (s ? (event.type === 'tool' ? { ...s, tool: event.name } : { ...s, reply: '', tool: null }) : s)),
      );
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'The pilot did not answer');
      setDraft(content);
      setPendingFiles(sending);
    } finally {
      await refresh();
      setStreaming(null);
    }
  };

  // Issue 17: the ticket's summary and latest notes, read from the PSA now, into the composer.
  const insertTicketContext = async () => {
    setReadingTicket(true);
    setError(null);
    try {
      const context = await fetchTicketContext(session.id);
      setDraft((d) => `${d}${d ? '\n\n' : ''}${context.text}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'The ticket could not be read');
    } finally {
      setReadingTicket(false);
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
          <h1 className="pilot-title">{session.title}</h1>
          {canAct && !closed && (
            <div className="row" style={{ gap: 8 }}>
              <button
                type="button"
                className="btn btn-small btn-ghost"
                onClick={() => action.mutate({ kind: session.state === 'paused' ? 'resume' : 'pause' })}
              >
                {session.state === 'paused' ? 'Resume' : 'Pause'}
              </button>
              {session.ticket && (
                <button type="button" className="btn btn-small" onClick={onShareUpdate}>
                  Share update
                </button>
              )}
              <button type="button" className="btn btn-small btn-warning" onClick={onEscalate}>
                Escalate
              </button>
              <button type="button" className="btn btn-small btn-success" onClick={onResolve}>
                Resolve
              </button>
            </div>
          )}
        </div>
        {documentOpen && (
          <p className="pilot-preview-hint" data-testid="preview-hint">
            {documentOpen} preview is open →
          </p>
        )}
      </header>
      <div className="pilot-thread" ref={thread} data-testid="pilot-thread">
        {messages.data?.length === 0 && !streaming && (
          <p className="muted">Describe what the user sees. The pilot asks questions and proposes checks in the task lane.</p>
        )}
        {messages.data?.map((m) => (
          <div key={m.id} className="stack" style={{ gap: 4 }}>
            <Message from={m.role} content={m.content} authorName={m.authorName} />
            {m.toolCalls && m.toolCalls.length > 0 && <ToolCalls calls={m.toolCalls} />}
            {m.attachmentIds && m.attachmentIds.length > 0 && (
              <div className="row attachment-row" style={{ gap: 6, flexWrap: 'wrap' }}>
                {m.attachmentIds.map((attachmentId) => {
                  const attachment = attachments.data?.find((a) => a.id === attachmentId);
                  return attachment ? (
                    <AttachmentChip key={attachmentId} sessionId={session.id} attachment={attachment} session={session} />
                  ) : null;
                })}
              </div>
            )}
          </div>
        ))}
        {streaming && (
          <>
            <Message from="user" content={streaming.user} authorName={null} live />
            {/* Markers are cut as they start streaming, so a half block never shows. */}
            <Message from="assistant" content={streaming.reply.replace(/\[(\/)?[A-Z_]+\][\s\S]*$/, '')} authorName={null} live />
            {streaming.tool && (
              <p className="faint tool-in-use" aria-live="polite">
                Using <code>{streaming.tool}</code>…
              </p>
            )}
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
            <button type="button" className="chip" disabled={uploading} onClick={() => fileInput.current?.click()}>
              {uploading ? 'Attaching…' : 'Attach'}
            </button>
            <input
              ref={fileInput}
              type="file"
              hidden
              multiple
              aria-label="Attach a screenshot or a log"
              accept="image/png,image/jpeg,image/gif,image/webp,.log,.txt,.csv,.json,.xml,text/plain"
              onChange={(e) => {
                void attach([...(e.target.files ?? [])]);
                e.target.value = '';
              }}
            />
            <button type="button" className="chip" onClick={() => setDraft((d) => `${d}${d ? '\n' : ''}\`\`\`\n<paste logs here>\n\`\`\``)}>
              Paste logs
            </button>
            {session.ticket && (
              <button
                type="button"
                className="chip"
                disabled={readingTicket}
                title="Insert the ticket's summary and latest notes, read from the PSA now"
                onClick={() => void insertTicketContext()}
              >
                {readingTicket ? 'Reading the ticket…' : 'Ticket context'}
              </button>
            )}
          </div>
          {pendingFiles.length > 0 && (
            <div className="row" style={{ gap: 6, flexWrap: 'wrap' }} data-testid="pending-attachments">
              {pendingFiles.map((f) => (
                <span key={f.id} className="attachment-chip">
                  {f.kind === 'image' ? (
                    <ImageSquare size={13} weight="duotone" aria-hidden />
                  ) : (
                    <FileText size={13} weight="duotone" aria-hidden />
                  )}{' '}
                  {f.fileName} <span className="faint">· {sizeOf(f.sizeBytes)}</span>
                  <button
                    type="button"
                    className="link-button"
                    aria-label={`Do not send ${f.fileName}`}
                    onClick={() => setPendingFiles((list) => list.filter((x) => x.id !== f.id))}
                  >
                    ×
                  </button>
                </span>
              ))}
            </div>
          )}
          <textarea
            className="input"
            aria-label="Message"
            rows={3}
            value={draft}
            placeholder="Message the pilot — ⌘/Ctrl+Enter to send"
            onChange={(e) => setDraft(e.target.value)}
            onPaste={(e) => {
              // A pasted screenshot becomes an attachment; pasted text stays text.
              const files = [...e.clipboardData.files];
              if (files.length) {
                e.preventDefault();
                void attach(files);
              }
            }}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              const files = [...e.dataTransfer.files];
              if (files.length) {
                e.preventDefault();
                void attach(files);
              }
            }}
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
