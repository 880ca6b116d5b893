// Issue 20: my daily digest — on or off, at what time, in which time zone.
import { useEffect, useState } from 'react';
import { ApiError } from '@/app/api';
import type { DigestDraft } from '@/app/api-types';
import { formatDate } from '@/app/format';
import { useDigest, useSaveDigest, useSendDigest } from './useNotifications';

export const DigestPanel = ({ zones }: { zones: string[] }) => {
  const digest = useDigest();
  const save = useSaveDigest();
  const send = useSendDigest();
  const [draft, setDraft] = useState<DigestDraft | null>(null);
  useEffect(() => {
    if (digest.data && !draft) {
      setDraft({ enabled: digest.data.enabled, sendAt: digest.data.sendAt, timezone: digest.data.timezone });
    }
  }, [digest.data, draft]);
  if (!draft || !digest.data) {
    return null;
  }
  const error = save.error instanceof ApiError ? save.error : null;
  return (
    <form
      className="card stack"
      aria-label="Daily digest"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(draft);
      }}
    >
      <h2 style={{ margin: 0 }}>Daily digest</h2>
      <p className="muted" style={{ margin: 0 }}>
        One mail a day to {digest.data.email}: runs waiting for review by customer, missed runs, jobs failing night after night, tickets,
        and broken mappings or integrations.
        {digest.data.lastSentOn && ` Last sent for ${formatDate(digest.data.lastSentOn)}.`}
      </p>
      <div className="row">
        <label className="row" style={{ gap: 6 }}>
          <input type="checkbox" checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })} /> Send me the
          digest
        </label>
        <input
          className="input"
          type="time"
          aria-label="Digest time"
          value={draft.sendAt}
          onChange={(e) => setDraft({ ...draft, sendAt: e.target.value })}
          style={{ maxWidth: 120 }}
        />
        <select
          className="input"
          aria-label="Digest time zone"
          value={draft.timezone}
          onChange={(e) => setDraft({ ...draft, timezone: e.target.value })}
        >
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          Save
        </button>
        <button type="button" className="btn" disabled={send.isPending} onClick={() => send.mutate()}>
          Send one now
        </button>
        {save.isSuccess && !save.isPending && <span className="faint">Saved.</span>}
      </div>
      {error && <div className="alert alert-error">{error.fieldErrors.map((f) => f.message).join('; ') || error.message}</div>}
      {send.data && <div className="alert alert-success">Queued: {send.data.subject}</div>}
      {send.error && <div className="alert alert-error">{send.error.message}</div>}
    </form>
  );
};
