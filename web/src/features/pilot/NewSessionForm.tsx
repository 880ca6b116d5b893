import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '@/app/api';
import { CustomerPicker } from '@/features/customers/CustomerPicker';
import { useCreateSession } from './usePilot';

/** P1.1: a new incident, optionally tied to a customer and a PSA ticket found by number. */
export const NewSessionForm = ({ onCancel, onCreated }: { onCancel: () => void; onCreated: () => void }) => {
  const create = useCreateSession();
  const navigate = useNavigate();
  const [draft, setDraft] = useState({ title: '', customerId: '', contact: '', priority: 'normal', ticketNumber: '' });
  const error = create.error instanceof ApiError ? create.error : null;
  const set = (patch: Partial<typeof draft>) => setDraft((d) => ({ ...d, ...patch }));
  return (
    <form
      className="card stack pilot-new"
      aria-label="New session"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(
          {
            title: draft.title,
            customerId: draft.customerId || null,
            contact: draft.contact,
            priority: draft.priority,
            ticketNumber: draft.ticketNumber.trim() || null,
          },
          {
            // Land on the new session: the form closes, so a second click cannot make a duplicate.
            onSuccess: (session) => {
              onCreated();
              void navigate(`/pilot/${session.id}`);
            },
          },
        );
      }}
    >
      <h2 style={{ margin: 0 }}>New troubleshooting session</h2>
      <label className="field">
        What is wrong?
        <input
          className="input"
          value={draft.title}
          onChange={(e) => set({ title: e.target.value })}
          placeholder="Outlook keeps asking for the password"
        />
        {error?.fieldMessage('title') && <span className="field-error">{error.fieldMessage('title')}</span>}
      </label>
      <div className="form-grid settings-grid">
        <div className="field">
          <label htmlFor="new-session-customer">Customer</label>
          <CustomerPicker
            id="new-session-customer"
            label="Customer"
            emptyLabel="None"
            value={draft.customerId}
            onChange={(customerId) => set({ customerId })}
          />
        </div>
        <label className="field">
          Contact
          <input className="input" value={draft.contact} onChange={(e) => set({ contact: e.target.value })} />
        </label>
        <div className="field">
          <label htmlFor="new-session-priority">Priority</label>
          <select id="new-session-priority" className="input" value={draft.priority} onChange={(e) => set({ priority: e.target.value })}>
            {['low', 'normal', 'high', 'critical'].map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </div>
        <label className="field">
          PSA ticket number
          <input
            className="input"
            value={draft.ticketNumber}
            onChange={(e) => set({ ticketNumber: e.target.value })}
            placeholder="optional"
          />
          {error?.fieldMessage('ticketNumber') && <span className="field-error">{error.fieldMessage('ticketNumber')}</span>}
        </label>
      </div>
      {error && !error.fieldErrors.length && <div className="alert alert-error">{error.message}</div>}
      <div className="row" style={{ gap: 8 }}>
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {create.isPending ? 'Checking the ticket…' : 'Start session'}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
};
