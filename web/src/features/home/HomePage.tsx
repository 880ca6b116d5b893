import type { Session } from '@/app/types';
import { Dashboard } from './Dashboard';

/** Home: the greeting and the Backup Checks dashboard (issue 19). */
export const HomePage = ({ session }: { session: Session }) => (
  <div className="stack">
    <div className="page-header">
      <div>
        <h1>Good to see you, {session.user.displayName.split(' ')[0]}</h1>
        <p className="muted" style={{ margin: '4px 0 0' }}>
          {session.account.name} · signed in as <span className={`badge badge-${session.user.role}`}>{session.user.role}</span>
        </p>
      </div>
    </div>
    <Dashboard />
  </div>
);
