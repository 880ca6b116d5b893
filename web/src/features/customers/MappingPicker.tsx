import { MagnifyingGlass } from '@phosphor-icons/react';
import { useEffect, useState } from 'react';
import type { Customer, PsaKind } from '@/app/api-types';
import { useIntegrationStatus } from '@/features/integrations/useIntegrations';
import { useCompanySearch, useMapCustomer } from './useCustomers';

/** Typeahead over the PSA's companies; picking one maps the customer by the company's id. */
export const MappingPicker = ({ customer, onDone }: { customer: Customer; onDone: () => void }) => {
  const status = useIntegrationStatus();
  const enabled = status.data?.filter((i) => i.enabled) ?? [];
  const [kind, setKind] = useState<PsaKind | null>(customer.psaMapping?.kind ?? null);
  const [text, setText] = useState(customer.name);
  const [query, setQuery] = useState(customer.name);
  const search = useCompanySearch(kind, query);
  const map = useMapCustomer();

  useEffect(() => {
    if (kind === null && enabled[0]) {
      setKind(enabled[0].kind);
    }
  }, [kind, enabled]);
  // Debounced: one PSA query per pause in typing, not per key.
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);

  if (status.data && enabled.length === 0) {
    return (
      <div className="alert alert-error">
        No PSA integration is enabled. An admin can enable one in Settings → Extensions &amp; Integrations.
      </div>
    );
  }
  const companies = search.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section className="stack" aria-label={`Map ${customer.name} to a PSA company`}>
      <div className="row">
        <select className="input" aria-label="PSA" value={kind ?? ''} onChange={(e) => setKind(e.target.value as PsaKind)}>
          {enabled.map((i) => (
            <option key={i.kind} value={i.kind}>
              {i.label}
            </option>
          ))}
        </select>
        <div className="row" style={{ flex: 1 }}>
          <MagnifyingGlass size={16} weight="duotone" />
          <input
            className="input"
            style={{ flex: 1 }}
            aria-label="Search PSA companies"
            placeholder="Search companies by name"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <button type="button" className="btn btn-small" onClick={onDone}>
          Cancel
        </button>
      </div>
      {search.error && <div className="alert alert-error">{search.error.message}</div>}
      {map.error && <div className="alert alert-error">{map.error.message}</div>}
      <div className="picker" role="listbox" aria-label="PSA companies">
        {search.isPending && (
          <p className="muted" style={{ padding: '8px 12px', margin: 0 }}>
            Searching…
          </p>
        )}
        {!search.isPending && companies.length === 0 && (
          <p className="muted" style={{ padding: '8px 12px', margin: 0 }}>
            No active company matches "{query}".
          </p>
        )}
        {companies.map((company) => (
          <button
            key={company.id}
            type="button"
            role="option"
            aria-selected={customer.psaMapping?.companyId === company.id}
            className="picker-item"
            disabled={map.isPending}
            onClick={() => kind && map.mutate({ id: customer.id, kind, companyId: company.id }, { onSuccess: onDone })}
          >
            <span>{company.name}</span>
            <span className="faint mono">#{company.id}</span>
          </button>
        ))}
        {search.hasNextPage && (
          <button
            type="button"
            className="picker-item muted"
            onClick={() => void search.fetchNextPage()}
            disabled={search.isFetchingNextPage}
          >
            {search.isFetchingNextPage ? 'Loading…' : 'More results'}
          </button>
        )}
      </div>
    </section>
  );
};
