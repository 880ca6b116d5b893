// Issue 21: the database backups an installation's admins look after — the log with each
// backup's verification, Back up now (followed step by step), downloads, the schedule and the
// retention.
import { DownloadSimple } from '@phosphor-icons/react';
import { formatBytes, formatDateTime, formatDuration } from '@/app/format';
import { type BackupEntry, useBackUpNow, useBackups } from './useBackups';

const VERIFICATION: Record<BackupEntry['verification'], { label: string; className: string }> = {
  passed: { label: 'Verified', className: 'badge badge-ok' },
  failed: { label: 'Failed', className: 'badge badge-invalid' },
  not_verified: { label: 'Not verified', className: 'badge' },
};

export const BackupsPage = () => {
  const backups = useBackups();
  const backUp = useBackUpNow();
  const running = backups.data?.backups.find((b) => !b.finishedAt);
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>Backups</h1>
          <p className="muted" style={{ margin: '4px 0 0' }}>
            Flightdeck's own database — credentials sealed, run history, tickets, scripts. Every backup is restored into a scratch database
            and compared table by table before it counts as verified.
          </p>
        </div>
        <button type="button" className="btn btn-primary" disabled={backUp.isPending || Boolean(running)} onClick={() => backUp.mutate()}>
          Back up now
        </button>
      </div>
      {backups.error && (
        <div className="alert alert-error" role="alert">
          {backups.error.message}
        </div>
      )}
      {backUp.data && <div className="alert">{backUp.data.message}</div>}
      {backups.data?.overdue && (
        <div className="alert alert-error" role="alert" data-testid="backup-overdue">
          The last verified backup is {backups.data.lastVerifiedAt ? `from ${formatDateTime(backups.data.lastVerifiedAt)}` : 'missing'}:
          older than its daily schedule.
        </div>
      )}
      {backups.data && (
        <div className="card stack">
          <p className="muted" style={{ margin: 0 }}>
            Scheduled <span className="mono">{backups.data.schedule.cron}</span> (UTC): monthly on the 1st, weekly on Sundays, daily
            otherwise; keeps {backups.data.schedule.retention.daily} daily, {backups.data.schedule.retention.weekly} weekly and{' '}
            {backups.data.schedule.retention.monthly} monthly. Files in <span className="mono">{backups.data.directory}</span>. Keep the
            master key with them: a sealed backup opens with it only.
          </p>
          {backups.data.backups.length === 0 ? (
            <p className="muted">No backup yet.</p>
          ) : (
            <table className="table" data-testid="backup-log">
              <thead>
                <tr>
                  <th>Started</th>
                  <th>Kind</th>
                  <th>Status</th>
                  <th>Size</th>
                  <th>Took</th>
                  <th>File</th>
                </tr>
              </thead>
              <tbody>
                {backups.data.backups.map((b) => (
                  <tr key={b.id} data-testid="backup-row">
                    <td>{formatDateTime(b.startedAt)}</td>
                    <td>{b.kind}</td>
                    <td>
                      {b.finishedAt ? (
                        <span className={VERIFICATION[b.verification].className} title={b.reason ?? undefined}>
                          {VERIFICATION[b.verification].label}
                        </span>
                      ) : (
                        <span className="badge badge-warning">Running · {b.progress ?? 'working'}…</span>
                      )}
                      {b.reason && (
                        <div className="faint" style={{ fontSize: 12 }}>
                          {b.reason}
                        </div>
                      )}
                    </td>
                    <td>{formatBytes(b.sizeBytes)}</td>
                    <td>{formatDuration(b.durationSeconds === null ? null : Math.round(b.durationSeconds))}</td>
                    <td>
                      {b.available ? (
                        <a href={`/api/v1/backups/${b.id}/file`} download aria-label={`Download ${b.fileName}`}>
                          <DownloadSimple size={16} /> {b.encrypted ? 'sealed' : 'not encrypted'}
                        </a>
                      ) : (
                        <span className="faint">{b.fileName ? 'pruned' : '—'}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </div>
  );
};
