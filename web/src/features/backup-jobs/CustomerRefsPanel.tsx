// Issue 19 (B2.3): an RMM or script that sends runs with its own customer reference ("customerRef")
// waits in the Inbox until an admin says once which customer that reference is. From then on its
// jobs route straight to the customer; the jobs already waiting are approved at that moment.
import { useState } from 'react';
import type { Session, UnmappedCustomerRef } from '@/app/api-types';
import { CustomerPicker } from '@/features/customers/CustomerPicker';
import { useCustomerRefs, useMapCustomerRef, useUnmapCustomerRef } from './useBackupJobs';

const UnmappedRow = ({ item, canMap }: { item: UnmappedCustomerRef; canMap: boolean }) => {
  const map = useMapCustomerRef();
  const [customerId, setCustomerId] = useState('');
  return (
    <tr data-testid={`customer-ref-${item.customerRef}`}>
      <td>
        <strong className="mono">{item.customerRef}</strong>
        <div className="faint" style={{ fontSize: 12 }}>
          from {item.source}
        </div>
      </td>
      <td>
        {item.waitingJobs} job{item.waitingJobs === 1 ? '' : 's'}, {item.waitingRuns} run{item.waitingRuns === 1 ? '' : 's'} waiting
      </td>
      <td>
        {canMap && (
          <div className="row" style={{ justifyContent: 'flex-end' }}>
            <CustomerPicker label={`Customer for reference ${item.customerRef}`} value={customerId} onChange={setCustomerId} />
            <button
              type="button"
              className="btn btn-primary"
              disabled={!customerId || map.isPending}
              onClick={() => map.mutate({ source: item.source, customerRef: item.customerRef, customerId })}
            >
              Map and approve {item.waitingJobs}
            </button>
          </div>
        )}
        {map.error && <div className="alert alert-error">{map.error.message}</div>}
      </td>
    </tr>
  );
};

export const CustomerRefsPanel = ({ session }: { session: Session }) => {
  const refs = useCustomerRefs();
  const unmap = useUnmapCustomerRef();
  const isAdmin = session.user.role === 'admin';
  if (session.user.role === 'reporter' || !refs.data || (refs.data.mappings.length === 0 && refs.data.unmapped.length === 0)) {
    return null;
  }
  return (
    <div className="card stack" data-testid="customer-refs">
      <div>
        <h2 style={{ margin: 0 }}>Customer references</h2>
        <p className="muted" style={{ margin: '4px 0 0' }}>
          Senders that name their own customer reference route without the Inbox once the reference is mapped.
          {!isAdmin && ' An admin maps them.'}
        </p>
      </div>
      {refs.data.unmapped.length > 0 && (
        <table className="table">
          <tbody>
            {refs.data.unmapped.map((item) => (
              <UnmappedRow key={`${item.source}/${item.customerRef}`} item={item} canMap={isAdmin} />
            ))}
          </tbody>
        </table>
      )}
      {refs.data.mappings.length > 0 && (
        <details>
          <summary>
            {refs.data.mappings.length} mapped reference{refs.data.mappings.length === 1 ? '' : 's'}
          </summary>
          <table className="table">
            <tbody>
              {refs.data.mappings.map((m) => (
                <tr key={m.id} data-testid={`mapped-ref-${m.customerRef}`}>
                  <td className="mono">{m.customerRef}</td>
                  <td className="faint">from {m.source}</td>
                  <td>→ {m.customerName}</td>
                  <td>
                    {isAdmin && (
                      <button type="button" className="btn btn-small" disabled={unmap.isPending} onClick={() => unmap.mutate(m.id)}>
                        Stop routing
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </div>
  );
};
