import { useInfiniteQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { api } from '@/app/api';
import { formatDateTime } from '@/app/format';
import type { ExternalCall } from '@/app/api-types';

const useExternalCalls = (filter: { integration: string; outcome: string }) =>
  useInfiniteQuery({
    queryKey: ['external-calls', filter],
    initialPageParam: '',
    queryFn: ({ pageParam }) => {
      const query = new URLSearchParams({
        limit: '50',
        ...(filter.integration && { integration: filter.integration }),
        ...(filter.outcome && { outcome: filter.outcome }),
        ...(pageParam && { cursor: pageParam }),
      });
      return api<{ calls: ExternalCall[]; nextCursor: string | null }>('GET', `/api/v1/external-calls?${query}`);
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

const json = (value: unknown) => (value === null || value === undefined ? '—' : JSON.stringify(value, null, 2));

/** I2: every call Flightdeck made to a PSA (at the configured level), secrets redacted. */
export const ApiLogPanel = () => {
  const [filter, setFilter] = useState({ integration: '', outcome: '' });
  const [open, setOpen] = useState<string | null>(null);
  const calls = useExternalCalls(filter);
  const rows = calls.data?.pages.flatMap((p) => p.calls) ?? [];

  return (
    <div className="card stack">
      <div className="row">
        <select
          className="input"
          aria-label="Integration"
          value={filter.integration}
          onChange={(e) => setFilter({ ...filter, integration: e.target.value })}
        >
          <option value="">All integrations</option>
          <option value="autotask">Autotask</option>
          <option value="connectwise">ConnectWise</option>
        </select>
        <select
          className="input"
          aria-label="Outcome"
          value={filter.outcome}
          onChange={(e) => setFilter({ ...filter, outcome: e.target.value })}
        >
          <option value="">All outcomes</option>
          <option value="ok">Succeeded</option>
          <option value="failed">Failed</option>
        </select>
        <span className="faint">The level per PSA (off / errors / all) is set in its settings.</span>
      </div>
      {calls.error && <div className="alert alert-error">{calls.error.message}</div>}
      {calls.isPending && <p className="muted">Loading…</p>}
      {!calls.isPending && rows.length === 0 && <p className="muted">No calls logged yet.</p>}
      {rows.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>When</th>
              <th>PSA</th>
              <th>Call</th>
              <th>Status</th>
              <th>Time</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((call) => (
              <Fragment key={call.id}>
                <tr onClick={() => setOpen(open === call.id ? null : call.id)} style={{ cursor: 'pointer' }}>
                  <td className="faint">{formatDateTime(call.at)}</td>
                  <td>{call.integration}</td>
                  <td className="mono" style={{ wordBreak: 'break-all' }}>
                    {call.method} {new URL(call.url).pathname}
                  </td>
                  <td>
                    <span className={`badge ${call.outcome === 'ok' ? 'badge-ok' : 'badge-missing'}`}>
                      {call.httpStatus ?? call.outcome}
                    </span>
                  </td>
                  <td className="faint">{call.durationMs} ms</td>
                </tr>
                {open === call.id && (
                  <tr>
                    <td colSpan={5}>
                      <div className="stack" style={{ gap: 8 }}>
                        {call.errorMessage && <div className="alert alert-error">{call.errorMessage}</div>}
                        <span className="faint mono">
                          {call.action} · by {call.actorKind} · request {call.correlationId}
                          {call.externalId ? ` · external id ${call.externalId}` : ''}
                        </span>
                        <pre className="mono" style={{ margin: 0, maxHeight: 240, overflow: 'auto' }}>
                          Request: {json(call.requestBody)}
                        </pre>
                        <pre className="mono" style={{ margin: 0, maxHeight: 240, overflow: 'auto' }}>
                          Response: {json(call.responseBody)}
                        </pre>
                      </div>
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
      {calls.hasNextPage && (
        <button type="button" className="btn" onClick={() => void calls.fetchNextPage()} disabled={calls.isFetchingNextPage}>
          {calls.isFetchingNextPage ? 'Loading…' : 'Older calls'}
        </button>
      )}
    </div>
  );
};
