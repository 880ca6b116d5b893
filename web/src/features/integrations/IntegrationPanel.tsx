import { FloppyDisk } from '@phosphor-icons/react';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError } from '@/app/api';
import type { Integration } from '@/app/api-types';
import { ConnectionChecks } from './ConnectionChecks';
import { ConnectionFields } from './ConnectionFields';
import { type Draft, draftOf, saveBodyOf } from './integration-draft';
import { ResolveFields } from './ResolveFields';
import { TicketDefaultsFields } from './TicketDefaultsFields';
import { useSaveIntegration } from './useIntegrations';

export const IntegrationPanel = ({ integration }: { integration: Integration }) => {
  const [draft, setDraft] = useState<Draft>(() => draftOf(integration));
  const [dirty, setDirty] = useState(false);
  const [saved, setSaved] = useState(false);
  const save = useSaveIntegration(integration.kind);
  const error = save.error instanceof ApiError ? save.error : null;

  // Another tab of the page (or a refresh) replaced the stored version: start from it.
  useEffect(() => {
    if (!dirty) {
      setDraft(draftOf(integration));
    }
  }, [integration, dirty]);

  const change = (update: (draft: Draft) => Draft) => {
    setDraft(update);
    setDirty(true);
    setSaved(false);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(saveBodyOf(integration.kind, draft), {
      onSuccess: (stored) => {
        setDraft(draftOf(stored));
        setDirty(false);
        setSaved(true);
      },
    });
  };

  return (
    <form className="card stack" onSubmit={submit} aria-label={`${integration.label} settings`}>
      <div className="page-header" style={{ margin: 0 }}>
        <div>
          <h2>{integration.label}</h2>
          <p className="muted" style={{ margin: '4px 0 0' }}>
            <span className={`badge ${integration.enabled ? 'badge-on' : 'badge-inactive'}`}>
              {integration.enabled ? 'Enabled' : 'Disabled'}
            </span>{' '}
            {integration.configured && <span className="badge">{integration.environment === 'sandbox' ? 'Sandbox' : 'Production'}</span>}{' '}
            {integration.connection.zoneName && <span className="faint">Zone: {integration.connection.zoneName}</span>}
          </p>
        </div>
        <button className="btn btn-primary" type="submit" disabled={save.isPending}>
          <FloppyDisk size={16} weight="duotone" /> {save.isPending ? 'Saving…' : 'Save'}
        </button>
      </div>
      {error && (
        <div className="alert alert-error" role="alert">
          {error.message}
          {error.fieldErrors.length > 0 && (
            <> — {error.fieldErrors.map((f) => `${f.path.replace(/^body\./, '')}: ${f.message}`).join('; ')}</>
          )}
        </div>
      )}
      {saved && !dirty && (
        <div className="alert alert-success" role="status">
          Saved.
        </div>
      )}
      <ConnectionFields integration={integration} draft={draft} onChange={change} error={error} />
      <ConnectionChecks integration={integration} dirty={dirty} />
      <TicketDefaultsFields integration={integration} draft={draft} onChange={change} error={error} />
      <ResolveFields integration={integration} draft={draft} onChange={change} />
    </form>
  );
};
