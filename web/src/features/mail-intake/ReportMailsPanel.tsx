import { ArrowsClockwise, DownloadSimple } from '@phosphor-icons/react';
import { useState } from 'react';
import { formatDateTime } from '@/app/format';
import type { Session } from '@/app/api-types';
import { useReparseMail, useReportMails } from './useReportMails';

const SOURCE_LABELS: Record<string, string> = { upload: 'uploaded', imap: 'IMAP mailbox', graph: 'Microsoft 365 mailbox' };

/** Mails that did not become runs, with the reason; re-parse after a parser change. */
export const ReportMailsPanel = ({ session }: { session: Session }) => {
  const [status, setStatus] = useState('unparsed');
  const mails = useReportMails(status);
  const reparse = useReparseMail();
  const canEdit = session.user.role !== 'reporter';
  return (
    <div className="card stack">
      <div className="page-header" style={{ margin: 0 }}>
        <h2>Report mails</h2>
        <select className="input" aria-label="Mail status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="unparsed">Not understood</option>
          <option value="failed">Failed</option>
          <option value="parsed">Parsed</option>
          <option value="">All</option>
        </select>
      </div>
      {mails.error && <div className="alert alert-error">{mails.error.message}</div>}
      {mails.data?.length === 0 && <p className="muted">No mails here.</p>}
      {mails.data && mails.data.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Received</th>
              <th>Mail</th>
              <th>Outcome</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {mails.data.map((mail) => (
              <tr key={mail.id}>
                <td className="faint">{formatDateTime(mail.receivedAt)}</td>
                <td>
                  <strong>{mail.subject || '(no subject)'}</strong>
                  <div className="faint" style={{ fontSize: 12 }}>
                    {mail.sender || 'unknown sender'} · {(mail.sizeBytes / 1024).toFixed(1)} KB ·{' '}
                    {SOURCE_LABELS[mail.source] ?? mail.source}
                  </div>
                </td>
                <td>
                  {mail.status === 'parsed' ? `${mail.runCount} run(s) via ${mail.parserId}` : <span className="faint">{mail.reason}</span>}
                </td>
                <td>
                  <div className="row" style={{ justifyContent: 'flex-end' }}>
                    <a className="btn btn-small" href={`/api/v1/mails/${mail.id}/raw`} download>
                      <DownloadSimple size={14} weight="duotone" /> .eml
                    </a>
                    {canEdit && mail.status !== 'parsed' && (
                      <button type="button" className="btn btn-small" disabled={reparse.isPending} onClick={() => reparse.mutate(mail.id)}>
                        <ArrowsClockwise size={14} weight="duotone" /> Parse again
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
};
