import { useState } from 'react';
import type { Session } from '@/app/api-types';
import { MailUpload } from '@/features/mail-intake/MailUpload';
import { ReportMailsPanel } from '@/features/mail-intake/ReportMailsPanel';
import { CustomerRefsPanel } from './CustomerRefsPanel';
import { InboxRow } from './InboxRow';
import { useInbox } from './useBackupJobs';

/** B2.3: jobs Flightdeck has not seen before wait here with their runs until someone approves them. */
export const InboxPage = ({ session }: { session: Session }) => {
  const inbox = useInbox();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>Inbox</h1>
          <p className="muted" style={{ margin: '4px 0 0' }}>
            Approve a new job for its customer: its waiting runs are imported and later runs of the same job (reporter, software, name and,
            when the sender names it, host) are matched automatically.
          </p>
        </div>
      </div>
      {session.user.role !== 'reporter' && <MailUpload />}
      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}
      <CustomerRefsPanel session={session} />
      <div className="card">
        {inbox.isPending && <p className="muted">Loading…</p>}
        {inbox.error && <div className="alert alert-error">{inbox.error.message}</div>}
        {inbox.data?.length === 0 && <p className="muted">Nothing waiting. New jobs appear here when their first run arrives.</p>}
        {inbox.data && inbox.data.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th>Job</th>
                <th>Waiting runs</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {inbox.data.map((entry) => (
                <InboxRow key={entry.jobId} entry={entry} session={session} onError={setError} />
              ))}
            </tbody>
          </table>
        )}
      </div>
      <ReportMailsPanel session={session} />
    </div>
  );
};
