// Issue 20: the outgoing mail server. The password is write-only: left empty it is kept.
import { EnvelopeSimple, PaperPlaneTilt } from '@phosphor-icons/react';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError } from '@/app/api';
import type { SmtpDraft, SmtpSettings } from '@/app/api-types';
import { formatDateTime } from '@/app/format';
import { Field } from '@/features/integrations/Field';
import { useSaveSmtp, useSmtp, useTestSmtp } from './useNotifications';

const draftOf = (s: SmtpSettings): SmtpDraft => ({
  host: s.host,
  port: s.port,
  security: s.security,
  username: s.username,
  fromAddress: s.fromAddress,
  fromName: s.fromName,
});

const PORTS = { starttls: 587, tls: 465, none: 25 } as const;

export const SmtpPanel = ({ adminEmail }: { adminEmail: string }) => {
  const smtp = useSmtp();
  const save = useSaveSmtp();
  const test = useTestSmtp();
  const [draft, setDraft] = useState<SmtpDraft | null>(null);
  const [password, setPassword] = useState('');
  const [testTo, setTestTo] = useState(adminEmail);
  useEffect(() => {
    if (smtp.data && !draft) {
      setDraft(draftOf(smtp.data));
    }
  }, [smtp.data, draft]);
  if (!draft || !smtp.data) {
    return <div className="card muted">Loading outgoing mail…</div>;
  }
  const error = save.error instanceof ApiError ? save.error : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ ...draft, ...(password && { password }) }, { onSuccess: () => setPassword('') });
  };
  const last = test.data ? { ...test.data, at: null } : smtp.data.lastTest;
  return (
    <form className="card stack" onSubmit={submit} aria-label="Outgoing mail">
      <h2 style={{ margin: 0 }}>
        <EnvelopeSimple size={18} weight="duotone" /> Outgoing mail (SMTP)
      </h2>
      <p className="muted" style={{ margin: 0 }}>
        Digests, alerts by e-mail and customer reports go out through this server. Microsoft 365: smtp.office365.com, port 587, STARTTLS.
      </p>
      <div className="form-grid settings-grid">
        <Field id="smtp-host" label="Server" error={error?.fieldMessage('host')}>
          <input
            id="smtp-host"
            className="input"
            value={draft.host}
            placeholder="smtp.office365.com"
            onChange={(e) => setDraft({ ...draft, host: e.target.value })}
          />
        </Field>
        <Field id="smtp-security" label="Security">
          <select
            id="smtp-security"
            className="input"
            value={draft.security}
            onChange={(e) => {
              const security = e.target.value as SmtpDraft['security'] & keyof typeof PORTS;
              setDraft({ ...draft, security, port: PORTS[security] });
            }}
          >
            <option value="starttls">STARTTLS (port 587)</option>
            <option value="tls">TLS from the start (port 465)</option>
            <option value="none">None (a local relay or the sandbox sink)</option>
          </select>
        </Field>
        <Field id="smtp-port" label="Port" error={error?.fieldMessage('port')}>
          <input
            id="smtp-port"
            className="input"
            type="number"
            value={draft.port}
            onChange={(e) => setDraft({ ...draft, port: Number(e.target.value) })}
          />
        </Field>
        <Field id="smtp-user" label="User name">
          <input
            id="smtp-user"
            className="input"
            autoComplete="off"
            value={draft.username}
            onChange={(e) => setDraft({ ...draft, username: e.target.value })}
          />
        </Field>
        <Field id="smtp-password" label="Password">
          <input
            id="smtp-password"
            className="input"
            type="password"
            autoComplete="new-password"
            value={password}
            placeholder={smtp.data.passwordSet ? 'stored — leave empty to keep' : ''}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        <Field id="smtp-from" label="From address" error={error?.fieldMessage('fromAddress')}>
          <input
            id="smtp-from"
            className="input"
            value={draft.fromAddress}
            placeholder="backups@msp.example"
            onChange={(e) => setDraft({ ...draft, fromAddress: e.target.value })}
          />
        </Field>
        <Field id="smtp-from-name" label="From name">
          <input
            id="smtp-from-name"
            className="input"
            value={draft.fromName}
            onChange={(e) => setDraft({ ...draft, fromName: e.target.value })}
          />
        </Field>
      </div>
      {save.error && !error?.fieldErrors.length && <div className="alert alert-error">{save.error.message}</div>}
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
        {save.isSuccess && !save.isPending && <span className="faint">Saved.</span>}
      </div>
      {smtp.data.configured && (
        <div className="row">
          <input
            className="input"
            aria-label="Send a test mail to"
            value={testTo}
            onChange={(e) => setTestTo(e.target.value)}
            style={{ maxWidth: 280 }}
          />
          <button type="button" className="btn" disabled={test.isPending || !testTo} onClick={() => test.mutate(testTo)}>
            <PaperPlaneTilt size={16} /> {test.isPending ? 'Sending…' : 'Send test mail'}
          </button>
        </div>
      )}
      {test.error && <div className="alert alert-error">{test.error.message}</div>}
      {last && (
        <div className={`alert ${last.ok ? 'alert-success' : 'alert-error'}`} data-testid="smtp-test-result">
          {last.message}
          {last.at && <span className="faint"> · {formatDateTime(last.at)}</span>}
        </div>
      )}
    </form>
  );
};
