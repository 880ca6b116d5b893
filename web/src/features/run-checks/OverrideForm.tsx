import { useState } from 'react';
import { ApiError } from '@/app/api';
import type { BoardRun, ProblemStatus, RunOverride } from '@/app/api-types';
import { type NewOverride, useCreateOverride } from './useRunChecks';

const MODES: { value: RunOverride['matchMode']; label: string }[] = [
  { value: 'contains', label: 'contains' },
  { value: 'exact', label: 'is exactly' },
  { value: 'starts_with', label: 'starts with' },
  { value: 'ends_with', label: 'ends with' },
];

/** B3: "treat as success" for runs like this one from now on — offered after Mark as success. */
export const OverrideForm = ({ run, onDone }: { run: BoardRun; onDone: (message: string) => void }) => {
  const create = useCreateOverride();
  const [draft, setDraft] = useState<NewOverride>({
    level: 'job',
    jobId: run.jobId,
    objectName: null,
    statuses: [run.status],
    matchText: run.summary ? run.summary.slice(0, 200) : null,
    matchMode: 'contains',
    validFrom: null,
    validUntil: null,
    reason: '',
    applyToWaiting: true,
  });
  const error = create.error instanceof ApiError ? create.error : null;
  const set = (patch: Partial<NewOverride>) => setDraft((d) => ({ ...d, ...patch }));
  const toggleStatus = (status: ProblemStatus, on: boolean) =>
    set({ statuses: on ? [...draft.statuses, status] : draft.statuses.filter((s) => s !== status) });
  const submit = () =>
    create.mutate(
      {
        ...draft,
        jobId: draft.level === 'global' ? null : run.jobId,
        objectName: draft.level === 'object' ? draft.objectName : null,
        matchText: draft.matchText?.trim() ? draft.matchText.trim() : null,
        validFrom: draft.validFrom ? new Date(draft.validFrom).toISOString() : null,
        validUntil: draft.validUntil ? new Date(draft.validUntil).toISOString() : null,
      },
      { onSuccess: (r) => onDone(`Override saved; ${r.appliedToWaitingRuns} waiting run(s) treated as success.`) },
    );
  return (
    <form
      className="card stack override-form"
      aria-label="New override"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <strong>Treat runs like this as success from now on?</strong>
      <div className="form-grid settings-grid">
        <label className="field">
          Applies to
          <select className="input" value={draft.level} onChange={(e) => set({ level: e.target.value as NewOverride['level'] })}>
            <option value="object">One object of this job</option>
            <option value="job">This job ({run.jobName})</option>
            <option value="global">Every job</option>
          </select>
        </label>
        {draft.level === 'object' && (
          <label className="field">
            Object name
            <input className="input" value={draft.objectName ?? ''} onChange={(e) => set({ objectName: e.target.value })} />
            {error?.fieldMessage('objectName') && <span className="field-error">{error.fieldMessage('objectName')}</span>}
          </label>
        )}
        <fieldset className="field" style={{ border: 0, padding: 0 }}>
          <legend>Status</legend>
          {(['warning', 'error', 'missed'] as const).map((status) => (
            <label key={status} className="toggle">
              <input type="checkbox" checked={draft.statuses.includes(status)} onChange={(e) => toggleStatus(status, e.target.checked)} />
              {status}
            </label>
          ))}
        </fieldset>
        <label className="field">
          Message
          <select
            className="input"
            value={draft.matchMode}
            onChange={(e) => set({ matchMode: e.target.value as NewOverride['matchMode'] })}
          >
            {MODES.map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Text (empty: any message)
          <input className="input" value={draft.matchText ?? ''} onChange={(e) => set({ matchText: e.target.value })} />
        </label>
        <label className="field">
          From (optional)
          <input
            type="datetime-local"
            className="input"
            value={draft.validFrom ?? ''}
            onChange={(e) => set({ validFrom: e.target.value || null })}
          />
        </label>
        <label className="field">
          Until (optional)
          <input
            type="datetime-local"
            className="input"
            value={draft.validUntil ?? ''}
            onChange={(e) => set({ validUntil: e.target.value || null })}
          />
          {error?.fieldMessage('validUntil') && <span className="field-error">{error.fieldMessage('validUntil')}</span>}
        </label>
        <label className="field">
          Reason
          <input className="input" value={draft.reason} onChange={(e) => set({ reason: e.target.value })} placeholder="Why this is fine" />
        </label>
      </div>
      <label className="toggle">
        <input type="checkbox" checked={draft.applyToWaiting} onChange={(e) => set({ applyToWaiting: e.target.checked })} />
        Also apply to runs already waiting for review
      </label>
      {error && !error.fieldErrors.length && <div className="alert alert-error">{error.message}</div>}
      <div className="row" style={{ gap: 8 }}>
        <button type="submit" className="btn btn-primary btn-small" disabled={create.isPending}>
          Save override
        </button>
        <button type="button" className="btn btn-small" onClick={() => onDone('')}>
          Not now
        </button>
      </div>
    </form>
  );
};
