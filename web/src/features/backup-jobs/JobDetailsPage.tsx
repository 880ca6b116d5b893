import { Link, useParams } from 'react-router';
import { formatBytes, formatDateTime, formatDuration } from '@/app/format';
import { RunTicketPanel } from '@/features/run-checks/RunTicketPanel';
import { RunStatusBadge } from './RunStatusBadge';
import { useRunDetails } from './useBackupJobs';

const when = (iso: string | null) => (iso ? formatDateTime(iso) : '—');

/** B3.3: everything about one run; the page PSA tickets link to. */
export const JobDetailsPage = () => {
  const { jobId = '', runId = '' } = useParams();
  const details = useRunDetails(jobId, runId);
  if (details.isPending) {
    return <p className="muted">Loading run…</p>;
  }
  if (details.error || !details.data) {
    return <div className="alert alert-error">{details.error?.message ?? 'Run not found'}</div>;
  }
  const { job, run, objects, recentRuns } = details.data;
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <p className="faint" style={{ margin: 0 }}>
            {job.customerName ?? 'Not approved yet (Inbox)'} · {job.software}
            {job.type ? ` · ${job.type}` : ''}
            {job.host ? ` · on ${job.host}` : ''}
          </p>
          <h1>
            {job.name} <RunStatusBadge status={run.status} />
          </h1>
        </div>
        <Link className="btn" to={`/jobs/${jobId}`}>
          All runs of this job
        </Link>
      </div>
      <div className="card stack">
        <div className="facts">
          <div>
            <span className="faint">Run</span> {when(run.runAt)}
          </div>
          <div>
            <span className="faint">Started</span> {when(run.startedAt)}
          </div>
          <div>
            <span className="faint">Ended</span> {when(run.endedAt)}
          </div>
          <div>
            <span className="faint">Duration</span> {formatDuration(run.durationSeconds)}
          </div>
          <div>
            <span className="faint">Size</span> {formatBytes(run.sizeBytes)}
          </div>
          <div>
            <span className="faint">Transferred</span> {formatBytes(run.transferredBytes)}
          </div>
          <div>
            <span className="faint">Reviewed</span> {when(run.reviewedAt)}
            {run.reviewedAt && ` by ${run.reviewedByName ?? 'Flightdeck'}`}
            {run.reviewNote && <span className="faint"> — {run.reviewNote}</span>}
          </div>
          <div>
            <span className="faint">Source</span>{' '}
            {run.evidenceId ? (
              <a href={`/api/v1/mails/${run.evidenceId}/raw`} download>
                Report e-mail (.eml)
              </a>
            ) : (
              `API (${run.source})`
            )}{' '}
            <span className="mono faint">{run.sourceKey}</span>
          </div>
        </div>
        {run.status !== 'success' && job.state === 'active' && <RunTicketPanel runId={run.id} />}
        {run.remark && (
          <div className="remark">
            <span className="faint">Overall remark</span>
            <p style={{ margin: '4px 0 0' }}>{run.remark}</p>
          </div>
        )}
      </div>
      <div className="card stack">
        <h2>Objects ({objects.length})</h2>
        {objects.length === 0 ? (
          <p className="muted">This run reported no objects.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Object</th>
                <th>Type</th>
                <th>Status</th>
                <th>Messages</th>
              </tr>
            </thead>
            <tbody>
              {objects.map((o) => (
                <tr key={o.position} data-testid={`object-${o.name}`}>
                  <td>
                    <strong>{o.name}</strong>
                  </td>
                  <td className="faint">{o.type || '—'}</td>
                  <td>
                    <RunStatusBadge status={o.status} />
                  </td>
                  <td>
                    {o.messages.length ? (
                      <ul className="messages">
                        {o.messages.map((m) => (
                          <li key={m}>{m}</li>
                        ))}
                      </ul>
                    ) : (
                      <span className="faint">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div className="card stack">
        <h2>Recent runs of this job</h2>
        <nav className="run-strip" aria-label="Recent runs">
          {[...recentRuns].reverse().map((r) => (
            <Link
              key={r.id}
              to={`/jobs/${job.id}/runs/${r.id}`}
              className={`run-cell run-${r.status}${r.id === run.id ? ' current' : ''}`}
              title={`${formatDateTime(r.runAt)}: ${r.status}`}
              aria-label={`${r.status} run of ${formatDateTime(r.runAt)}`}
            />
          ))}
        </nav>
      </div>
    </div>
  );
};
