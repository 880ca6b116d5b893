import { BookOpen, ListChecks, ShieldCheck } from '@phosphor-icons/react';
import { Link } from 'react-router';
import type { Session } from '@/app/types';

export const HomePage = ({ session }: { session: Session }) => (
  <div className="stack" style={{ maxWidth: 760 }}>
    <div className="page-header">
      <div>
        <h1>Good to see you, {session.user.displayName.split(' ')[0]}</h1>
        <p className="muted" style={{ margin: '4px 0 0' }}>
          {session.account.name} · signed in as <span className={`badge badge-${session.user.role}`}>{session.user.role}</span>
        </p>
      </div>
    </div>
    <div className="card stack">
      <div className="row">
        <ShieldCheck size={22} weight="duotone" color="var(--success)" />
        <h2>Cockpit ready</h2>
      </div>
      <p className="muted" style={{ margin: 0 }}>
        Backup Checks, FlowPilot and the PSA integrations appear in the rail on the left as they are switched on for your account.
      </p>
      <div className="row">
        <ListChecks size={18} weight="duotone" />
        <Link to="/run-checks">Run Checks: the runs waiting for review</Link>
      </div>
      <div className="row">
        <BookOpen size={18} weight="duotone" />
        <a href="/api/docs">API reference</a>
      </div>
    </div>
  </div>
);
