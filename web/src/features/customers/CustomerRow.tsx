import { ArrowsClockwise, Check, Link, LinkBreak } from '@phosphor-icons/react';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { ConfirmDialog } from '@/app/ConfirmDialog';
import { formatDateTime } from '@/app/format';
import type { Customer } from '@/app/api-types';
import { MappingPicker } from './MappingPicker';
import { useAcknowledgeRename, useUnmapCustomer, useVerifyMapping } from './useCustomers';

const PSA_SHORT = { autotask: 'Autotask', connectwise: 'ConnectWise' } as const;

export const CustomerRow = ({ customer, canEdit, onError }: { customer: Customer; canEdit: boolean; onError: (text: string) => void }) => {
  const [mapping, setMapping] = useState(false);
  const verify = useVerifyMapping();
  const acknowledge = useAcknowledgeRename();
  const unmap = useUnmapCustomer();
  const [confirmUnmap, setConfirmUnmap] = useState(false);
  const m = customer.psaMapping;
  const fail = { onError: (error: Error) => onError(error.message) };

  return (
    <>
      <tr data-testid={`customer-${customer.name}`}>
        <td>
          <strong>{customer.name}</strong>
          <div style={{ fontSize: 12 }}>
            <RouterLink to={`/customers/${customer.id}/jobs`}>Backup jobs</RouterLink>
          </div>
        </td>
        <td>
          {m ? (
            <div className="stack" style={{ gap: 2 }}>
              <span>
                <span className="badge">{PSA_SHORT[m.kind]}</span> {m.companyName} <span className="faint mono">#{m.companyId}</span>{' '}
                <span className={`badge badge-${m.status}`} data-testid="mapping-status">
                  {m.status}
                </span>
              </span>
              {m.message && (
                <span className="faint" style={{ fontSize: 12 }}>
                  {m.message}
                </span>
              )}
            </div>
          ) : (
            <span className="faint">Not mapped</span>
          )}
        </td>
        <td className="faint">{m?.lastSyncAt ? formatDateTime(m.lastSyncAt) : '—'}</td>
        <td>
          {customer.ticketCreation.allowed ? (
            <span className="badge badge-ok">Ready</span>
          ) : (
            <span className="faint" style={{ fontSize: 12 }} data-testid="ticket-blocked">
              {customer.ticketCreation.reason}
            </span>
          )}
        </td>
        <td>
          {canEdit && (
            <div className="row" style={{ justifyContent: 'flex-end' }}>
              <button type="button" className="btn btn-small" onClick={() => setMapping(!mapping)}>
                <Link size={14} weight="duotone" /> {m ? 'Change' : 'Map'}
              </button>
              {m && (
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => verify.mutate(customer.id, fail)}
                  disabled={verify.isPending}
                >
                  <ArrowsClockwise size={14} weight="duotone" /> {verify.isPending ? 'Verifying…' : 'Verify now'}
                </button>
              )}
              {m?.status === 'renamed' && (
                <button type="button" className="btn btn-small" onClick={() => acknowledge.mutate(customer.id, fail)}>
                  <Check size={14} weight="duotone" /> Accept new name
                </button>
              )}
              {m && (
                <button type="button" className="btn btn-small btn-danger" onClick={() => setConfirmUnmap(true)}>
                  <LinkBreak size={14} weight="duotone" aria-hidden /> Remove mapping…
                </button>
              )}
            </div>
          )}
        </td>
      </tr>
      {confirmUnmap && (
        <tr>
          <td colSpan={5}>
            <ConfirmDialog
              open
              title={`Remove ${customer.name}'s PSA mapping?`}
              confirmLabel="Remove mapping"
              tone="danger"
              busy={unmap.isPending}
              onConfirm={() => unmap.mutate(customer.id, { ...fail, onSettled: () => setConfirmUnmap(false) })}
              onCancel={() => setConfirmUnmap(false)}
            >
              <p>
                {customer.name} will no longer be tied to {m?.companyName ?? 'its PSA company'} ({m?.companyId}): no tickets can be created
                for its runs until it is mapped again. Nothing changes in the PSA.
              </p>
            </ConfirmDialog>
          </td>
        </tr>
      )}
      {mapping && (
        <tr>
          <td colSpan={5}>
            <MappingPicker customer={customer} onDone={() => setMapping(false)} />
          </td>
        </tr>
      )}
    </>
  );
};
