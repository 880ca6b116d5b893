import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { PilotDocumentKind, Session } from '@/app/api-types';
import { Conversation } from './Conversation';
import { DocumentPopover } from './DocumentPopover';
import { NewSessionForm } from './NewSessionForm';
import { type PaletteCommand, PilotShortcuts } from './PilotShortcuts';
import { ScriptGenerator } from './ScriptGenerator';
import { SessionList } from './SessionList';
import { TaskLane } from './TaskLane';
import { useSession, useSessionAction } from './usePilot';

const PSA_NAME = { autotask: 'Autotask', connectwise: 'ConnectWise', syncro: 'Syncro' } as const;
/** What the header's hint calls an open preview ("Summary preview is open →"). */
const DOCUMENT_NAMES: Record<PilotDocumentKind, string> = {
  resolution_note: 'Summary',
  escalation_package: 'Escalation package',
  progress_update: 'Update',
};

const SessionScreen = ({ sessionId, canAct, commands }: { sessionId: string; canAct: boolean; commands: PaletteCommand[] }) => {
  const session = useSession(sessionId);
  const action = useSessionAction(sessionId);
  const [document, setDocument] = useState<PilotDocumentKind | null>(null);
  const [laneOpen, setLaneOpen] = useState(false);
  // P7.2 / P8.5: the script generator over the task lane (fix card, ⌘/Ctrl+G, palette "script").
  const [generatorOpen, setGeneratorOpen] = useState(false);
  // Esc closes the lane drawer (narrow screens), as it closes any drawer.
  useEffect(() => {
    if (!laneOpen) {
      return;
    }
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setLaneOpen(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [laneOpen]);
  if (session.isPending) {
    return <p className="muted pilot-pad">Loading session…</p>;
  }
  // Only a session that never loaded is an error page: a failed refresh (the 1 s live poll) keeps
  // the screen, and everything typed into it, and says so until the next refresh works.
  if (!session.data) {
    return <div className="alert alert-error">{session.error?.message ?? 'Session not found'}</div>;
  }
  const s = session.data;
  const stale = session.isRefetchError;
  const closed = s.state === 'resolved' || s.state === 'escalated';
  const target = s.ticket?.psaKind ? PSA_NAME[s.ticket.psaKind] : null;
  const resolveBar = (
    <div className="pilot-resolve-bar">
      {document && <DocumentPopover session={s} kind={document} onClose={() => setDocument(null)} />}
      {closed ? (
        <p className="faint" style={{ margin: 0 }}>
          This session is {s.state}.
        </p>
      ) : (
        canAct && (
          <div className="row" style={{ gap: 8 }}>
            <button type="button" className="btn btn-success" onClick={() => setDocument('resolution_note')}>
              {target ? `Resolve & post to ${target}` : 'Resolve'}
            </button>
          </div>
        )
      )}
    </div>
  );
  const sessionCommands: PaletteCommand[] = [
    ...commands,
    ...(canAct && !closed
      ? [
          { id: 'script-generator', label: 'Script generator (script)', run: () => setGeneratorOpen(true) },
          { id: 'resolve', label: 'Resolve…', run: () => setDocument('resolution_note') },
          { id: 'escalate', label: 'Escalate…', run: () => setDocument('escalation_package') },
          ...(s.ticket ? [{ id: 'share-update', label: 'Share update…', run: () => setDocument('progress_update') }] : []),
          {
            id: 'pause',
            label: s.state === 'paused' ? 'Resume session' : 'Pause session',
            run: () => action.mutate({ kind: s.state === 'paused' ? 'resume' : 'pause' }),
          },
        ]
      : []),
  ];
  return (
    <>
      <PilotShortcuts commands={sessionCommands} />
      {stale && (
        <div className="alert alert-error pilot-stale" role="status">
          Lost touch with the server; showing the session as last read. Retrying…
        </div>
      )}
      <Conversation
        session={s}
        canAct={canAct}
        onResolve={() => setDocument('resolution_note')}
        onEscalate={() => setDocument('escalation_package')}
        onShareUpdate={() => setDocument('progress_update')}
        documentOpen={document ? DOCUMENT_NAMES[document] : null}
      />
      <button type="button" className="btn btn-small pilot-lane-toggle" onClick={() => setLaneOpen(!laneOpen)} aria-expanded={laneOpen}>
        {laneOpen ? 'Hide task lane' : 'Task lane'}
      </button>
      {laneOpen && (
        <button type="button" className="pilot-lane-backdrop" aria-label="Close the task lane" onClick={() => setLaneOpen(false)} />
      )}
      <div className={`pilot-lane-wrap${laneOpen ? ' open' : ''}`}>
        {generatorOpen && <ScriptGenerator sessionId={s.id} onClose={() => setGeneratorOpen(false)} />}
        <TaskLane session={s} canAct={canAct} resolveBar={resolveBar} onOpenScript={() => setGeneratorOpen(true)} />
      </div>
    </>
  );
};

/** P8: the FlowPilot screen — session list, conversation, task lane. */
export const PilotPage = ({ session }: { session: Session }) => {
  const { sessionId = null } = useParams();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const canAct = session.user.role !== 'reporter';
  // Opening a session (from the list, or the one just created) closes the New-session form.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new session id is exactly what closes the form
  useEffect(() => setCreating(false), [sessionId]);
  const commands: PaletteCommand[] = [
    ...(canAct ? [{ id: 'new', label: 'New session', run: () => setCreating(true) }] : []),
    { id: 'run-checks', label: 'Go to Run Checks', run: () => void navigate('/run-checks') },
  ];
  return (
    <div className="pilot">
      {/* Reporters read sessions; they get no control that would answer 403. */}
      <SessionList selectedId={sessionId} onNew={canAct ? () => setCreating(true) : null} />
      {creating || !sessionId ? (
        <div className="pilot-main">
          {creating ? (
            <NewSessionForm onCancel={() => setCreating(false)} onCreated={() => setCreating(false)} />
          ) : (
            <div className="card stack">
              <h1 style={{ margin: 0 }}>FlowPilot</h1>
              <p className="muted">
                Pick a session on the left or start a new one. The pilot asks questions and proposes checks; what you confirm becomes the
                resolution note posted to the PSA ticket.
              </p>
              {canAct && (
                <button type="button" className="btn btn-primary" style={{ alignSelf: 'start' }} onClick={() => setCreating(true)}>
                  New session
                </button>
              )}
              <PilotShortcuts commands={commands} />
            </div>
          )}
        </div>
      ) : (
        <SessionScreen key={sessionId} sessionId={sessionId} canAct={canAct} commands={commands} />
      )}
    </div>
  );
};
