import { Link } from 'react-router';
import type { PilotSessionSummary } from '@/app/api-types';
import { useSessions } from './usePilot';

const Row = ({ session, selected }: { session: PilotSessionSummary; selected: boolean }) => (
  <Link to={`/pilot/${session.id}`} className={`pilot-session-row${selected ? ' selected' : ''}`} data-testid="pilot-session-row">
    <span className="row" style={{ gap: 6 }}>
      <span className={`dot state-${session.state}`} title={session.state} />
      <span className="pilot-session-title">{session.title}</span>
    </span>
    <span className="faint pilot-session-meta">
      {session.ticket ? <span className="mono">{session.ticket.label}</span> : 'No ticket'}
      {session.customerName ? ` · ${session.customerName}` : ''}
    </span>
  </Link>
);

/** P8.1: the session list, grouped Active / Recent. */
export const SessionList = ({ selectedId, onNew }: { selectedId: string | null; onNew: (() => void) | null }) => {
  const sessions = useSessions();
  return (
    <aside className="pilot-sessions" aria-label="Sessions">
      <div className="row" style={{ justifyContent: 'space-between', padding: '0 12px' }}>
        <h2 style={{ margin: 0, fontSize: 16 }}>FlowPilot</h2>
        {onNew && (
          <button type="button" className="btn btn-small btn-primary" onClick={onNew}>
            New
          </button>
        )}
      </div>
      {sessions.isPending && <p className="muted pilot-pad">Loading…</p>}
      {sessions.error && <div className="alert alert-error">{sessions.error.message}</div>}
      {sessions.data && (
        <>
          <h3 className="pilot-group">ACTIVE · {sessions.data.active.length}</h3>
          {sessions.data.active.length === 0 && <p className="faint pilot-pad">No open sessions.</p>}
          {sessions.data.active.map((s) => (
            <Row key={s.id} session={s} selected={s.id === selectedId} />
          ))}
          <h3 className="pilot-group">RECENT · {sessions.data.recent.length}</h3>
          {sessions.data.recent.map((s) => (
            <Row key={s.id} session={s} selected={s.id === selectedId} />
          ))}
        </>
      )}
    </aside>
  );
};
