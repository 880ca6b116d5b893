import { CalendarBlank, Pause, Play } from '@phosphor-icons/react';
import { Fragment, useState } from 'react';
import { Link, useParams } from 'react-router';
import { formatDate, formatDateTime } from '@/app/format';
import type { Session } from '@/app/api-types';
import { InsightsPanel } from '@/features/insights/InsightsPanel';
import { CustomerReportPanel } from '@/features/notifications/CustomerReportPanel';
import { RunStatusBadge } from './RunStatusBadge';
import { ScheduleEditor } from './ScheduleEditor';
import { useCustomerJobs, useSetChecksPaused } from './useBackupJobs';

/** A customer's backup jobs with their schedule and latest run. */
export const CustomerJobsPage = ({ session }: { session: Session }) => {
  const { customerId = '' } = useParams();
  const jobs = useCustomerJobs(customerId);
  const [editing, setEditing] = useState<string | null>(null);
  const pause = useSetChecksPaused(customerId);
  const canEdit = session.user.role !== 'reporter';
  const customerName = jobs.data?.[0]?.customerName;

  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <p className="faint" style={{ margin: 0 }}>
            <Link to="/customers">Customers</Link>
          </p>
          <h1>{customerName ? `${customerName}: backup jobs` : 'Backup jobs'}</h1>
        </div>
      </div>
      <InsightsPanel customerId={customerId} canEdit={canEdit} />
      <CustomerReportPanel customerId={customerId} isAdmin={session.user.role === 'admin'} />
      <div className="card">
        {jobs.isPending && <p className="muted">Loading…</p>}
        {jobs.error && <div className="alert alert-error">{jobs.error.message}</div>}
        {jobs.data?.length === 0 && (
          <p className="muted">No jobs yet. Approve this customer's jobs in the Inbox when their first run arrives.</p>
        )}
        {jobs.data && jobs.data.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th>Job</th>
                <th>Expected</th>
                <th>Next expected</th>
                <th>Last seen run</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {jobs.data.map((job) => (
                <Fragment key={job.id}>
                  <tr data-testid={`job-${job.name}`}>
                    <td>
                      <strong>{job.name}</strong>
                      <div className="faint" style={{ fontSize: 12 }}>
                        {job.software}
                        {job.type ? ` · ${job.type}` : ''}
                      </div>
                    </td>
                    <td data-testid="schedule-text">
                      {job.scheduleText}
                      {job.checksPaused && (
                        <span className="badge badge-warning" style={{ marginLeft: 6 }}>
                          Checks paused
                        </span>
                      )}
                      <div className="faint" style={{ fontSize: 12 }}>
                        {job.graceMinutes} min grace · {job.scheduleSource === 'manual' ? 'set by hand' : 'learned'}
                        {job.scheduleConfidence !== null && job.scheduleSource !== 'manual'
                          ? ` · ${Math.round(job.scheduleConfidence * 100)}% of slots matched`
                          : ''}
                      </div>
                      {job.scheduleChange && (
                        <div className="faint" style={{ fontSize: 12 }}>
                          Changed {formatDate(job.scheduleChange.at)} — was {job.scheduleChange.from}
                        </div>
                      )}
                    </td>
                    <td data-testid="next-expected">
                      {job.nextExpectedAt ? formatDateTime(job.nextExpectedAt) : <span className="faint">—</span>}
                    </td>
                    <td>
                      {job.lastRunId && job.lastStatus ? (
                        <Link to={`/jobs/${job.id}/runs/${job.lastRunId}`}>
                          <RunStatusBadge status={job.lastStatus} /> {job.lastRunAt ? formatDateTime(job.lastRunAt) : ''}
                        </Link>
                      ) : (
                        <span className="faint">—</span>
                      )}
                      {job.lastRunLateMinutes !== null && (
                        <div className="faint" style={{ fontSize: 12 }}>
                          {job.lastRunLateMinutes} min late
                        </div>
                      )}
                    </td>
                    <td>
                      {canEdit && (
                        <div className="row" style={{ justifyContent: 'flex-end' }}>
                          <button type="button" className="btn btn-small" onClick={() => setEditing(editing === job.id ? null : job.id)}>
                            <CalendarBlank size={14} weight="duotone" /> Schedule
                          </button>
                          <button
                            type="button"
                            className="btn btn-small"
                            disabled={pause.isPending}
                            onClick={() => pause.mutate({ jobId: job.id, paused: !job.checksPaused })}
                          >
                            {job.checksPaused ? <Play size={14} weight="duotone" /> : <Pause size={14} weight="duotone" />}{' '}
                            {job.checksPaused ? 'Resume checks' : 'Pause checks'}
                          </button>
                        </div>
                      )}
                    </td>
                  </tr>
                  {editing === job.id && (
                    <tr>
                      <td colSpan={5}>
                        <ScheduleEditor job={job} onDone={() => setEditing(null)} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
};
