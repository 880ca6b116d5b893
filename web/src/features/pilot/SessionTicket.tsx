// I3 / B6.2: the session's PSA ticket — the chip, Unlink (confirmed; kept as history), and Link
// by number while none is linked. The server refuses a ticket of another customer's company.
import { type FormEvent, useState } from 'react';
import { ApiError } from '@/app/api';
import { ConfirmDialog } from '@/app/ConfirmDialog';
import type { PilotSession } from '@/app/api-types';
import { useSessionAction } from './usePilot';

export const SessionTicket = ({ session, canAct }: { session: PilotSession; canAct: boolean }) => {
  const action = useSessionAction(session.id);
  const [number, setNumber] = useState('');
  const [confirming, setConfirming] = useState(false);
  const open = session.state === 'active' || session.state === 'paused';
  const error = action.error instanceof ApiError ? action.error : null;
  const link = (event: FormEvent) => {
    event.preventDefault();
    action.mutate({ kind: 'link-ticket', ticketNumber: number.trim() }, { onSuccess: () => setNumber('') });
  };
  return (
    <>
      {session.ticket ? (
        <span className="badge badge-operator mono" data-testid="psa-chip">
          {session.ticket.label}
        </span>
      ) : (
        <span className="badge">No PSA ticket</span>
      )}
      {canAct && open && session.ticket && (
        <button type="button" className="btn btn-small" onClick={() => setConfirming(true)} disabled={action.isPending}>
          Unlink ticket…
        </button>
      )}
      {canAct && open && !session.ticket && session.customerId && (
        <form className="row" style={{ gap: 6 }} onSubmit={link} aria-label="Link a PSA ticket">
          <label className="sr-only" htmlFor={`session-ticket-${session.id}`}>
            PSA ticket number
          </label>
          <input
            id={`session-ticket-${session.id}`}
            className="input"
            style={{ width: 150 }}
            placeholder="PSA ticket number"
            value={number}
            onChange={(e) => setNumber(e.target.value)}
          />
          <button type="submit" className="btn btn-small" disabled={action.isPending || !number.trim()}>
            Link ticket
          </button>
        </form>
      )}
      {error && (
        <span className="field-error" role="alert">
          {error.fieldMessage('ticketNumber') ?? error.message}
        </span>
      )}
      <ConfirmDialog
        open={confirming}
        title={`Unlink ${session.ticket?.label ?? 'the ticket'} from this session?`}
        confirmLabel="Unlink"
        tone="danger"
        busy={action.isPending}
        onConfirm={() => action.mutate({ kind: 'unlink-ticket' }, { onSettled: () => setConfirming(false) })}
        onCancel={() => setConfirming(false)}
      >
        <p>Resolve and Escalate will no longer post to this ticket; the link stays in the history. Nothing changes in the PSA.</p>
      </ConfirmDialog>
    </>
  );
};
