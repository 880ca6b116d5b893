import { useState } from 'react';
import { ApiError } from '@/app/api';
import { ConfirmDialog } from '@/app/ConfirmDialog';
import { formatDateTime } from '@/app/format';
import type { TicketLinkDetail } from '@/app/api-types';
import { TicketBadge } from './TicketBadge';
import { useRunTicket, useTicketAction } from './useRunChecks';

const OUTCOME_TEXT: Record<string, string> = {
  created: 'created in the PSA.',
  adopted: 'created (an earlier attempt had already reached the PSA; that ticket was kept).',
  existing: 'was already this run’s ticket.',
  completed: 'resolved: internal note added and the completed status verified in the PSA.',
  left_open_time_entries: 'has time entries: an internal note was added and the ticket left open for its owner.',
};

const when = (iso: string | null) => (iso ? formatDateTime(iso) : '');

const HistoryLine = ({ link }: { link: TicketLinkDetail }) => (
  <li>
    <TicketBadge ticket={link} />{' '}
    <span className="faint">{link.state === 'replaced' ? 'replaced' : link.state === 'unlinked' ? 'unlinked' : ''}</span>{' '}
    <span className="faint">
      {link.origin} {when(link.createdAt)}
      {link.createdByName ? ` by ${link.createdByName}` : ''}
    </span>
  </li>
);

/** B4–B7: the ticket of one run, and exactly the actions the server says this user may take. */
export const RunTicketPanel = ({ runId, onOutcome }: { runId: string; onOutcome?: (text: string) => void }) => {
  const ticket = useRunTicket(runId);
  const action = useTicketAction(runId);
  const [ticketNumber, setTicketNumber] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<'create' | 'add-to-open' | 'resolve' | 'unlink' | null>(null);
  // B14.5: without a later successful run the engineer says the issue is resolved anyway.
  const [resolveAnyway, setResolveAnyway] = useState(false);
  if (ticket.isPending) {
    return <p className="muted">Loading ticket…</p>;
  }
  if (ticket.error || !ticket.data) {
    return <div className="alert alert-error">{ticket.error?.message ?? 'Could not load the ticket'}</div>;
  }
  const { active, history, actions, pendingCreate } = ticket.data;
  const deleted = !active && history[0]?.state === 'deleted_external' ? history[0] : null;
  const busy = action.isPending;
  const error = action.error instanceof ApiError ? action.error : null;

  const tell = (text: string | null) => {
    setNotice(text);
    if (text) {
      onOutcome?.(text);
    }
  };
  const run = (kind: 'create' | 'add-to-open' | 'resolve' | 'unlink') =>
    action.mutate(kind === 'resolve' ? { kind, confirmUnverified: resolveAnyway } : { kind }, {
      onSettled: () => setConfirming(null),
      onSuccess: (result) => {
        if (kind === 'unlink') {
          tell('Ticket unlinked; the link stays in the history. Nothing was changed in the PSA.');
          return;
        }
        if (kind === 'add-to-open') {
          tell(`Run added to ticket ${result.ticketNumber ?? ''}, with an internal note of this run.`);
          return;
        }
        if (result.alsoResolvedRuns) {
          const number = result.ticket?.active?.ticketNumber ?? '';
          tell(
            `Ticket ${number} ${OUTCOME_TEXT[result.outcome ?? ''] ?? ''} It settled ${result.alsoResolvedRuns} other run(s) on this ticket too.`,
          );
          return;
        }
        const number = result.ticket?.active?.ticketNumber ?? result.ticket?.history[0]?.ticketNumber;
        const text = OUTCOME_TEXT[result.outcome ?? ''];
        tell(text ? `Ticket ${number ?? ''} ${text}`.replace('  ', ' ') : null);
      },
    });
  const open = () =>
    action.mutate(
      { kind: 'open' },
      {
        onSuccess: (view) => {
          setNotice(null);
          if (view.active?.ticketUrl) {
            window.open(view.active.ticketUrl, '_blank', 'noopener');
          }
        },
      },
    );
  const submitNumber = (kind: 'link' | 'manual') => {
    if (ticketNumber.trim()) {
      action.mutate(
        { kind, ticketNumber: ticketNumber.trim() },
        {
          onSuccess: () => {
            setTicketNumber('');
            tell(kind === 'link' ? 'Ticket linked after checking it in the PSA.' : 'Ticket number recorded.');
          },
        },
      );
    }
  };

  return (
    <div className="stack ticket-panel" data-testid="ticket-panel">
      {active && (
        <div className="row" style={{ gap: 12, flexWrap: 'wrap' }}>
          <span className="faint">Ticket</span>
          <TicketBadge ticket={active} />
          {active.statusReadAt && <span className="faint">status read {when(active.statusReadAt)}</span>}
          {active.ticketId && (
            <button type="button" className="btn btn-small" onClick={open} disabled={busy}>
              Open ticket
            </button>
          )}
          {actions.canResolve && (
            <button type="button" className="btn btn-small btn-primary" onClick={() => setConfirming('resolve')} disabled={busy}>
              Resolve ticket…
            </button>
          )}
          {actions.canUnlink && (
            <button type="button" className="btn btn-small" onClick={() => setConfirming('unlink')} disabled={busy}>
              Unlink…
            </button>
          )}
          {!actions.canResolve && actions.resolveBlockedReason && active.resolution === null && (
            <span className="faint">{actions.resolveBlockedReason}</span>
          )}
        </div>
      )}
      {deleted && (
        <div className="alert alert-error" data-testid="ticket-deleted-notice">
          Ticket <span className="mono">{deleted.ticketNumber}</span> was deleted in the PSA. It stays here as history. Re-link the run to
          another ticket or create a new one.
        </div>
      )}
      {!active && (
        <div className="row" style={{ gap: 12, flexWrap: 'wrap' }}>
          {actions.canAddToOpenTicket && actions.openTicketOfJob && (
            <button type="button" className="btn btn-small btn-primary" onClick={() => setConfirming('add-to-open')} disabled={busy}>
              Add to open ticket {actions.openTicketOfJob.ticketNumber}…
            </button>
          )}
          {actions.canCreate && (
            <button type="button" className="btn btn-small btn-primary" onClick={() => setConfirming('create')} disabled={busy}>
              {deleted ? 'Create new ticket…' : 'Create ticket…'}
            </button>
          )}
          {actions.createBlockedReason && <span className="faint">Create ticket is blocked: {actions.createBlockedReason}</span>}
        </div>
      )}
      {pendingCreate && (
        <div className="alert alert-error" role="status" data-testid="ticket-create-pending">
          {pendingCreate.state === 'uncertain'
            ? `The PSA did not confirm the ticket created at ${when(pendingCreate.since)}; it may still appear. Press Create ticket again: Flightdeck looks for it by its key first and never makes a second one.`
            : 'A ticket is being created for this run right now.'}
          {pendingCreate.state === 'uncertain' && (
            <button type="button" className="btn btn-small" style={{ marginLeft: 12 }} onClick={() => run('create')} disabled={busy}>
              Check again
            </button>
          )}
        </div>
      )}
      {(actions.canLinkExisting || actions.canEnterManualNumber) && (
        <form
          className="row"
          style={{ gap: 8, flexWrap: 'wrap' }}
          onSubmit={(e) => {
            e.preventDefault();
            submitNumber(actions.canLinkExisting ? 'link' : 'manual');
          }}
        >
          <label className="sr-only" htmlFor={`ticket-number-${runId}`}>
            Ticket number
          </label>
          <input
            id={`ticket-number-${runId}`}
            className="input"
            style={{ width: 200 }}
            placeholder={actions.canLinkExisting ? 'PSA ticket number' : 'Ticket number'}
            value={ticketNumber}
            onChange={(e) => setTicketNumber(e.target.value)}
          />
          {actions.canLinkExisting && (
            <button type="submit" className="btn btn-small" disabled={busy || !ticketNumber.trim()}>
              {deleted ? 'Re-link to another ticket' : 'Link existing ticket'}
            </button>
          )}
          {actions.canEnterManualNumber && (
            <button type="button" className="btn btn-small" disabled={busy || !ticketNumber.trim()} onClick={() => submitNumber('manual')}>
              Save ticket number
            </button>
          )}
        </form>
      )}
      {busy && <p className="muted">Talking to the PSA…</p>}
      {error && (
        <div className="alert alert-error" role="alert">
          {error.fieldMessage('ticketNumber') ?? error.message}
        </div>
      )}
      {notice && !error && !onOutcome && (
        <div className="alert alert-success" role="status">
          {notice}
        </div>
      )}
      <ConfirmDialog
        open={confirming === 'resolve'}
        title={`Resolve ticket ${active?.ticketNumber ?? ''} in the PSA?`}
        confirmLabel="Add note and resolve"
        busy={busy}
        confirmDisabled={!actions.resolvePreview?.verifiedBy && !resolveAnyway}
        onConfirm={() => run('resolve')}
        onCancel={() => setConfirming(null)}
      >
        {actions.resolvePreview?.verifiedBy ? (
          <p className="alert alert-success" data-testid="resolve-verified">
            Verified: the {formatDateTime(actions.resolvePreview.verifiedBy.runAt)} run of this job succeeded.
          </p>
        ) : (
          <label className="row alert alert-error" style={{ gap: 6 }} data-testid="resolve-unverified">
            <input type="checkbox" checked={resolveAnyway} onChange={(e) => setResolveAnyway(e.target.checked)} />
            No run of this job has succeeded since. Resolve without a successful run since (the note says so).
          </label>
        )}
        <p>Flightdeck reads the ticket’s time entries first. Without time entries it adds this internal note:</p>
        <pre data-testid="resolve-note-preview">{actions.resolvePreview?.note}</pre>
        <p>
          and sets the status to{' '}
          <strong>
            {actions.resolvePreview?.targetStatusName ?? 'status'} ({actions.resolvePreview?.targetStatusId})
          </strong>
          , then reads the ticket back to verify it. With time entries the ticket stays open and gets this note instead:
        </p>
        <pre>{actions.resolvePreview?.noteIfTimeEntries}</pre>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming === 'create'}
        title="Create a ticket in the PSA?"
        confirmLabel="Create ticket"
        busy={busy}
        onConfirm={() => run('create')}
        onCancel={() => setConfirming(null)}
      >
        <p>
          One ticket for this run goes into the customer’s PSA company, with the run’s problems in its description and the queue, status and
          priority from the integration settings.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming === 'add-to-open'}
        title={`Add this run to ticket ${actions.openTicketOfJob?.ticketNumber ?? ''}?`}
        confirmLabel="Add to ticket"
        busy={busy}
        onConfirm={() => run('add-to-open')}
        onCancel={() => setConfirming(null)}
      >
        <p>
          Another run of this job already has this open ticket. Flightdeck reads it from the PSA, links this run to it and adds an internal
          note with this run’s problems. Resolving the ticket later resolves it for every run on it.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming === 'unlink'}
        title={`Unlink ticket ${active?.ticketNumber ?? ''}?`}
        confirmLabel="Unlink"
        tone="danger"
        busy={busy}
        onConfirm={() => run('unlink')}
        onCancel={() => setConfirming(null)}
      >
        <p>The run forgets this ticket (it stays in the run’s history). Nothing changes in the PSA.</p>
      </ConfirmDialog>
      {history.length > 0 && (
        <details>
          <summary className="faint">Earlier tickets ({history.length})</summary>
          <ul className="ticket-history">
            {history.map((link) => (
              <HistoryLine key={link.id} link={link} />
            ))}
          </ul>
        </details>
      )}
    </div>
  );
};
