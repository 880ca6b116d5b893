import type { TicketLink } from '@/app/api-types';

/** B4.6 / B7.2: ticket number, last known status, and a clear mark when the PSA deleted it. */
export const TicketBadge = ({ ticket }: { ticket: TicketLink }) => {
  const number = ticket.ticketUrl ? (
    <a href={ticket.ticketUrl} target="_blank" rel="noreferrer" className="mono">
      {ticket.ticketNumber}
    </a>
  ) : (
    <span className="mono">{ticket.ticketNumber}</span>
  );
  if (ticket.state === 'deleted_external') {
    return (
      <span className="ticket-badge">
        <s className="mono faint">{ticket.ticketNumber}</s>{' '}
        <span className="badge badge-missing" data-testid="ticket-deleted">
          Deleted in PSA
        </span>
      </span>
    );
  }
  return (
    <span className="ticket-badge" data-testid="ticket-badge">
      {number}{' '}
      {ticket.origin === 'manual' ? (
        <span className="badge" title="Typed by hand, not validated in the PSA">
          manual
        </span>
      ) : (
        ticket.lastStatusName && (
          <span className={`badge ${ticket.lastStatusClosed ? 'badge-ok' : ''}`} data-testid="ticket-status">
            {ticket.lastStatusName}
          </span>
        )
      )}
      {ticket.resolution === 'left_open_time_entries' && (
        <span className="badge badge-renamed" title="Time entries present: left open for its owner">
          left open
        </span>
      )}
    </span>
  );
};
