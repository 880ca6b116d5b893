import { ArrowsClockwise, Plus } from '@phosphor-icons/react';
import { type FormEvent, useState } from 'react';
import type { Session, SyncSummary } from '@/app/api-types';
import { CustomerRow } from './CustomerRow';
import { type CustomerFilter, useCreateCustomer, useCustomers, useSyncAllMappings } from './useCustomers';

const describeSync = (s: SyncSummary) =>
  [
    `${s.checked} checked`,
    `${s.ok} ok`,
    `${s.renamed} renamed`,
    `${s.missing} missing`,
    `${s.invalid} invalid`,
    s.skipped ? `${s.skipped} skipped (integration disabled)` : '',
  ]
    .filter(Boolean)
    .join(' · ') + (s.errors.length ? ` — ${s.errors.map((e) => e.message).join('; ')}` : '');

/** B1: customers and their PSA company mapping. */
export const CustomersPage = ({ session }: { session: Session }) => {
  const [filter, setFilter] = useState<CustomerFilter>({ search: '', mapping: 'all' });
  const [name, setName] = useState('');
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const customers = useCustomers(filter);
  const create = useCreateCustomer();
  const sync = useSyncAllMappings();
  const canEdit = session.user.role !== 'reporter';

  const add = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(name.trim(), {
      onSuccess: () => {
        setNotice({ kind: 'success', text: `${name.trim()} added. Map it to a PSA company to allow tickets.` });
        setName('');
      },
      onError: (error) => setNotice({ kind: 'error', text: error.message }),
    });
  };

  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>Customers</h1>
          <p className="muted" style={{ margin: '4px 0 0' }}>
            Each customer maps to one PSA company by id. Renames in the PSA never break the mapping.
          </p>
        </div>
        {canEdit && (
          <button
            type="button"
            className="btn"
            disabled={sync.isPending}
            onClick={() =>
              sync.mutate(undefined, {
                onSuccess: (summary) =>
                  setNotice({ kind: summary.errors.length ? 'error' : 'success', text: `Sync: ${describeSync(summary)}` }),
                onError: (error) => setNotice({ kind: 'error', text: error.message }),
              })
            }
          >
            <ArrowsClockwise size={16} weight="duotone" /> {sync.isPending ? 'Syncing…' : 'Sync all mappings'}
          </button>
        )}
      </div>
      {notice && (
        <div className={`alert alert-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
          {notice.text}
        </div>
      )}
      <div className="card stack">
        <div className="row">
          {canEdit && (
            <form className="row" onSubmit={add} aria-label="Add a customer">
              <input
                className="input"
                aria-label="New customer name"
                placeholder="New customer name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                required
                maxLength={200}
              />
              <button className="btn btn-primary" type="submit" disabled={create.isPending || !name.trim()}>
                <Plus size={16} weight="duotone" /> Add customer
              </button>
            </form>
          )}
          <div className="rail-spacer" />
          <input
            className="input"
            aria-label="Search customers"
            placeholder="Search"
            value={filter.search}
            onChange={(e) => setFilter({ ...filter, search: e.target.value })}
          />
          <select
            className="input"
            aria-label="Mapping"
            value={filter.mapping}
            onChange={(e) => setFilter({ ...filter, mapping: e.target.value })}
          >
            <option value="all">All mappings</option>
            <option value="unmapped">Not mapped</option>
            <option value="ok">OK</option>
            <option value="renamed">Renamed</option>
            <option value="missing">Missing</option>
            <option value="invalid">Invalid</option>
          </select>
        </div>
        {customers.isPending && <p className="muted">Loading customers…</p>}
        {customers.error && <div className="alert alert-error">{customers.error.message}</div>}
        {customers.data?.customers.length === 0 && <p className="muted">No customers match. Add one above.</p>}
        {customers.data && customers.data.customers.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th>Customer</th>
                <th>PSA company</th>
                <th>Last sync</th>
                <th>Tickets</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {customers.data.customers.map((customer) => (
                <CustomerRow
                  key={customer.id}
                  customer={customer}
                  canEdit={canEdit}
                  onError={(text) => setNotice({ kind: 'error', text })}
                />
              ))}
            </tbody>
          </table>
        )}
        {customers.data?.more && (
          <div className="row">
            <button type="button" className="btn" disabled={customers.isFetchingNextPage} onClick={() => void customers.fetchNextPage()}>
              {customers.isFetchingNextPage ? 'Loading…' : 'Show more customers'}
            </button>
          </div>
        )}
      </div>
    </div>
  );
};
