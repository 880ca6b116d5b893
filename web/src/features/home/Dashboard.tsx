// Issue 19 (B5): the dashboard — per customer the worst outcome of the last 24 hours, backup
// rates, waiting runs, missed today and open tickets, and a customer × day heat-map; a cell opens
// that customer's runs of that day on the board.
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { type CustomerHealth, type DashboardQuery, type DayCell, type Outcome, useDashboard } from './useDashboard';

const OUTCOME_LABEL: Record<Outcome, string> = {
  error: 'Error',
  missed: 'Missed',
  warning: 'Warning',
  success: 'Success',
  none: 'No runs',
};

const cellTitle = (customer: string, cell: DayCell) => {
  const parts = [
    cell.success && `${cell.success} success`,
    cell.overridden && `${cell.overridden} marked success`,
    cell.warning && `${cell.warning} warning`,
    cell.error && `${cell.error} error`,
    cell.missed && `${cell.missed} missed`,
  ].filter(Boolean);
  return `${customer} · ${cell.day}: ${parts.length ? parts.join(', ') : 'no runs'}`;
};

const rateText = (rate: number | null) => (rate === null ? '—' : `${rate.toFixed(rate === 100 ? 0 : 1)}%`);

const Tile = ({ label, value, tone }: { label: string; value: number; tone?: 'danger' | 'warning' }) => (
  <div className={`card dashboard-tile${tone ? ` tile-${tone}` : ''}`}>
    <div className="tile-value">{value.toLocaleString()}</div>
    <div className="muted">{label}</div>
  </div>
);

const Row = ({ customer, onOpenDay }: { customer: CustomerHealth; onOpenDay: (cell: DayCell) => void }) => (
  <tr data-testid="dashboard-customer">
    <td>
      <Link to={`/customers/${customer.id}/jobs`}>{customer.name}</Link>
    </td>
    <td>
      <span className={`badge outcome-${customer.worst24h}`} data-testid="worst-24h">
        {OUTCOME_LABEL[customer.worst24h]}
      </span>
    </td>
    <td className="num">{rateText(customer.backupRate7d)}</td>
    <td className="num">{rateText(customer.backupRate30d)}</td>
    <td className="num">{customer.waiting || <span className="faint">0</span>}</td>
    <td className="num">{customer.missedToday || <span className="faint">0</span>}</td>
    <td className="num">{customer.openTickets || <span className="faint">0</span>}</td>
    <td>
      <div className="heatmap-row">
        {customer.days.map((cell) => (
          <button
            key={cell.day}
            type="button"
            className={`heat-cell outcome-${cell.worst}`}
            title={cellTitle(customer.name, cell)}
            aria-label={cellTitle(customer.name, cell)}
            data-testid="heat-cell"
            disabled={cell.worst === 'none'}
            onClick={() => onOpenDay(cell)}
          />
        ))}
      </div>
    </td>
  </tr>
);

export const Dashboard = () => {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const query: DashboardQuery = {
    days: params.get('days') === '30' ? '30' : '14',
    sort: params.get('sort') === 'name' ? 'name' : 'attention',
    search: params.get('search') ?? '',
    offset: Number(params.get('offset') ?? 0) || 0,
  };
  const [search, setSearch] = useState(query.search);
  const dashboard = useDashboard(query);
  const set = (patch: Partial<Record<'days' | 'sort' | 'search' | 'offset', string>>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(patch)) {
      if (value) {
        next.set(key, value);
      } else {
        next.delete(key);
      }
    }
    if (!('offset' in patch)) {
      next.delete('offset');
    }
    setParams(next, { replace: true });
  };
  const data = dashboard.data;
  const openDay = (customer: CustomerHealth, cell: DayCell) =>
    navigate(`/run-checks?${new URLSearchParams({ customer: customer.id, day: cell.day, reviewed: 'include' })}`);

  return (
    <section className="stack" aria-label="Dashboard">
      {data && (
        <div className="dashboard-tiles">
          <Tile
            label="customers need attention (last 24 h)"
            value={data.totals.needingAttention}
            tone={data.totals.needingAttention ? 'danger' : undefined}
          />
          <Tile label="runs waiting for review" value={data.totals.waiting} tone={data.totals.waiting ? 'warning' : undefined} />
          <Tile label="missed today" value={data.totals.missedToday} tone={data.totals.missedToday ? 'warning' : undefined} />
          <Tile label="open tickets" value={data.totals.openTickets} />
        </div>
      )}
      <div className="card stack">
        <div className="row" style={{ justifyContent: 'space-between', flexWrap: 'wrap', gap: 12 }}>
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              set({ search: search.trim() });
            }}
          >
            <input
              className="input"
              aria-label="Find a customer"
              placeholder="Find a customer"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          </form>
          <div className="row" style={{ gap: 12 }}>
            <label className="row" style={{ gap: 6 }}>
              <span className="muted">Sort</span>
              <select className="input" value={query.sort} onChange={(e) => set({ sort: e.target.value === 'name' ? 'name' : '' })}>
                <option value="attention">Needs attention</option>
                <option value="name">Name</option>
              </select>
            </label>
            <div className="tabs" role="tablist" aria-label="Days shown">
              {(['14', '30'] as const).map((days) => (
                <button
                  key={days}
                  type="button"
                  role="tab"
                  aria-selected={query.days === days}
                  className={`tab${query.days === days ? ' active' : ''}`}
                  onClick={() => set({ days: days === '14' ? '' : days })}
                >
                  {days} days
                </button>
              ))}
            </div>
          </div>
        </div>
        {dashboard.error && <div className="alert alert-error">{dashboard.error.message}</div>}
        {dashboard.isPending && <p className="muted">Loading the dashboard…</p>}
        {data && data.customers.length === 0 && (
          <p className="muted" data-testid="dashboard-empty">
            {query.search
              ? `No customer matches “${query.search}”.`
              : 'No customers yet: add one on Customers, or approve a job in the Inbox.'}
          </p>
        )}
        {data && data.customers.length > 0 && (
          <div className="table-scroll">
            <table className="table dashboard-table">
              <thead>
                <tr>
                  <th>Customer</th>
                  <th title="The worst outcome of the last 24 hours">Last 24 h</th>
                  <th className="num" title="Runs that left a backup (success, warning, marked success) of all runs and missed runs">
                    7 days
                  </th>
                  <th className="num">30 days</th>
                  <th className="num">Waiting</th>
                  <th className="num">Missed today</th>
                  <th className="num">Open tickets</th>
                  <th>
                    <div className="heatmap-row heatmap-head" aria-hidden="true">
                      {data.days.map((day) => (
                        <span key={day} className="heat-day">
                          {Number(day.slice(8))}
                        </span>
                      ))}
                    </div>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.customers.map((customer) => (
                  <Row key={customer.id} customer={customer} onOpenDay={(cell) => openDay(customer, cell)} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {data && (
          <div className="row" style={{ justifyContent: 'space-between' }}>
            <span className="faint">
              Days in {data.timezone} · {data.totals.customers.toLocaleString()} customers
              {query.offset > 0 && ` · from ${query.offset + 1}`}
            </span>
            <span className="row" style={{ gap: 8 }}>
              {query.offset > 0 && (
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => set({ offset: String(Math.max(0, query.offset - 50)) || '' })}
                >
                  Previous
                </button>
              )}
              {data.nextOffset !== null && (
                <button type="button" className="btn btn-small" onClick={() => set({ offset: String(data.nextOffset) })}>
                  Next 50
                </button>
              )}
            </span>
          </div>
        )}
      </div>
    </section>
  );
};
