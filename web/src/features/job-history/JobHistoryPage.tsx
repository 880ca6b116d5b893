// Issue 19 (B3): every run of a job, with its backup rate, the trend of its durations and
// outcomes, and each run's review and ticket.
import { Link, useParams } from 'react-router';
import { formatBytes, formatDateTime, formatDuration } from '@/app/format';
import { RunStatusBadge } from '@/features/backup-jobs/RunStatusBadge';
import { RunTrendChart } from './RunTrendChart';
import { type JobRate, useJobHistory } from './useJobHistory';

const RateCard = ({ label, rate }: { label: string; rate: JobRate }) => (
  <div className="card dashboard-tile" data-testid="job-rate">
    <div className="tile-value">{rate.backupRate === null ? '—' : `${rate.backupRate}%`}</div>
    <div className="muted">
      backups {label} · {rate.runs} runs ({rate.error} error, {rate.missed} missed, {rate.warning} warning)
    </div>
  </div>
);

export const JobHistoryPage = () => {
  const { jobId = '' } = useParams();
  const history = useJobHistory(jobId);
  if (history.isPending) {
    return <p className="muted">Loading the job’s history…</p>;
  }
  if (history.error || !history.data) {
    return <div className="alert alert-error">{history.error?.message ?? 'Job not found'}</div>;
  }
  const [first] = history.data.pages;
  const runs = history.data.pages.flatMap((p) => p.runs);
  if (!first) {
    return null;
  }
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <p className="faint" style={{ margin: 0 }}>
            {first.job.customerId ? (
              <Link to={`/customers/${first.job.customerId}/jobs`}>{first.job.customerName}</Link>
            ) : (
              'Not approved yet (Inbox)'
            )}{' '}
            · {first.job.backupSoftware} · {first.job.backupType}
          </p>
          <h1>{first.job.name}</h1>
        </div>
        <Link className="btn" to={`/run-checks?job=${first.job.id}&reviewed=include`}>
          Runs on the board
        </Link>
      </div>
      <div className="dashboard-tiles">
        <RateCard label="last 7 days" rate={first.last7Days} />
        <RateCard label="last 30 days" rate={first.last30Days} />
      </div>
      <div className="card stack">
        <h2>Duration, size and outcome, run by run</h2>
        <RunTrendChart runs={runs.slice(0, 200)} />
      </div>
      <div className="card">
        <table className="table" data-testid="job-history">
          <thead>
            <tr>
              <th>Run</th>
              <th>Status</th>
              <th>Duration</th>
              <th>Size</th>
              <th>Transferred</th>
              <th>Reported</th>
              <th>Review</th>
              <th>Ticket</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.runId} data-testid="history-run">
                <td>
                  <Link to={`/jobs/${first.job.id}/runs/${run.runId}`}>{formatDateTime(run.runAt)}</Link>
                </td>
                <td>
                  {run.overridden ? <span className="badge run-success">Success (override)</span> : <RunStatusBadge status={run.status} />}
                  {run.superseded && <span className="faint"> replaced by a late run</span>}
                </td>
                <td>{formatDuration(run.durationSeconds)}</td>
                <td>{formatBytes(run.sizeBytes)}</td>
                <td>{formatBytes(run.transferredBytes)}</td>
                <td className="board-summary" title={run.remark}>
                  {run.remark || <span className="faint">—</span>}
                </td>
                <td>
                  {run.reviewedAt ? (
                    <span title={run.reviewNote}>
                      {run.reviewedByName ?? 'override'} · {formatDateTime(run.reviewedAt)}
                    </span>
                  ) : run.status === 'success' ? (
                    <span className="faint">—</span>
                  ) : (
                    <span className="badge badge-warning">waiting</span>
                  )}
                </td>
                <td>{run.ticketNumber ?? <span className="faint">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {history.hasNextPage && (
          <button type="button" className="btn" disabled={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>
            {history.isFetchingNextPage ? 'Loading…' : 'Older runs'}
          </button>
        )}
      </div>
    </div>
  );
};
