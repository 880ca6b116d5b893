import { Link } from 'react-router';
import { formatDateTime } from '@/app/format';
import type { Session } from '@/app/api-types';
import { useBackupWarning } from '@/features/backups/useBackups';
import { Dashboard } from './Dashboard';

/** Issue 21: the installation's admins hear when the last verified backup is older than its schedule. */
const BackupWarning = () => {
  const warning = useBackupWarning();
  return warning.data ? (
    <div className="alert alert-error" role="alert" data-testid="home-backup-warning">
      {warning.data.lastVerifiedAt
        ? `The last verified database backup is from ${formatDateTime(warning.data.lastVerifiedAt)}, older than its daily schedule.`
        : 'There is no verified database backup yet.'}{' '}
      <Link to="/settings/backups">Backups</Link>
    </div>
  ) : null;
};

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
    <BackupWarning />
    <Dashboard />
  </div>
);
