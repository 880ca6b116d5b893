import { Check, X } from '@phosphor-icons/react';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatDateTime } from '@/app/format';
import type { InboxEntry, Session } from '@/app/api-types';
import { CustomerPicker } from '@/features/customers/CustomerPicker';
import { RunStatusBadge } from './RunStatusBadge';
import { useDecideJob } from './useBackupJobs';

const NEW = '__new__';

export const InboxRow = ({ entry, session, onError }: { entry: InboxEntry; session: Session; onError: (text: string) => void }) => {
  const decide = useDecideJob();
  const [customerId, setCustomerId] = useState('');
  const [newName, setNewName] = useState('');
  const canDecide = session.user.role !== 'reporter';
  const fail = { onError: (error: Error) => onError(error.message) };
  const approve = () =>
    decide.mutate({ jobId: entry.jobId, decision: customerId === NEW ? { newCustomerName: newName.trim() } : { customerId } }, fail);

  return (
    <tr data-testid={`inbox-${entry.name}`}>
      <td>
        <strong>{entry.name}</strong>
        <div className="faint" style={{ fontSize: 12 }}>
          {entry.software}
          {entry.type ? ` · ${entry.type}` : ''} · from {entry.reporter}
          {entry.host && ` · on ${entry.host}`}
          {entry.customerRef && ` · customer ref ${entry.customerRef}`}
        </div>
      </td>
      <td>
        {entry.waitingRuns} run{entry.waitingRuns === 1 ? '' : 's'} {entry.lastStatus && <RunStatusBadge status={entry.lastStatus} />}
        <div className="faint" style={{ fontSize: 12 }}>
          {entry.lastRunAt ? `last ${formatDateTime(entry.lastRunAt)}` : ''}{' '}
          {entry.lastRunId && <Link to={`/jobs/${entry.jobId}/runs/${entry.lastRunId}`}>View latest run</Link>}
        </div>
      </td>
      <td>
        {canDecide && (
          <div className="row" style={{ justifyContent: 'flex-end' }}>
            <CustomerPicker
              label={`Customer for ${entry.name}`}
              value={customerId}
              onChange={setCustomerId}
              extra={{ value: NEW, label: '+ New customer…' }}
            />
            {customerId === NEW && (
              <input
                className="input"
                aria-label="New customer name"
                placeholder="Customer name"
                value={newName}
                onChange={(e) => setNewName(e.target.value)}
              />
            )}
            <button
              type="button"
              className="btn btn-primary btn-small"
              disabled={decide.isPending || !customerId || (customerId === NEW && !newName.trim())}
              onClick={approve}
            >
              <Check size={14} weight="duotone" /> Approve
            </button>
            <button
              type="button"
              className="btn btn-small btn-danger"
              disabled={decide.isPending}
              onClick={() => decide.mutate({ jobId: entry.jobId, decision: 'reject' }, fail)}
            >
              <X size={14} weight="duotone" /> Reject
            </button>
          </div>
        )}
      </td>
    </tr>
  );
};
