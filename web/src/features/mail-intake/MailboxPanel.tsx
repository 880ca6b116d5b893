import { ArrowsClockwise, CheckCircle, FloppyDisk, Plugs, XCircle } from '@phosphor-icons/react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api } from '@/app/api';
import type { ApiResponse } from '@/app/api-types';
import { Toggle } from '@/app/Toggle';

type Provider = 'imap' | 'graph';

type Mailbox = ApiResponse<'/api/v1/mailbox', 'get'>;

type TestResult = ApiResponse<'/api/v1/mailbox/test', 'post'>;

const STEP_LABELS: Record<string, string> = {
  connect: 'Reach the server',
  sign_in: 'Sign in',
  token: 'Sign in as the app',
  mailbox: 'Open the mailbox',
  folder: 'Find the folder',
  permission: 'Read permission',
};

const emptyForm = {
  provider: 'imap' as Provider,
  enabled: false,
  host: '',
  port: '993',
  tls: true,
  username: '',
  password: '',
  tenantId: '',
  clientId: '',
  clientSecret: '',
  mailbox: '',
  signInUrl: 'https://login.microsoftonline.com',
  graphUrl: 'https://graph.microsoft.com',
  folder: 'INBOX',
  processedFolder: 'Processed',
  failedFolder: 'Failed',
};
type Form = typeof emptyForm;

/** B2.3: the mailbox report mails are polled from (admins): IMAP, or Microsoft 365 through Graph. */
export const MailboxPanel = () => {
  const client = useQueryClient();
  const mailbox = useQuery({ queryKey: ['mailbox'], queryFn: () => api<Mailbox>('GET', '/api/v1/mailbox') });
  const [form, setForm] = useState<Form>(emptyForm);
  useEffect(() => {
    if (mailbox.data) {
      const m = mailbox.data;
      setForm({
        provider: m.provider,
        enabled: m.enabled,
        host: m.host,
        port: String(m.port),
        tls: m.tls,
        username: m.username,
        password: '',
        tenantId: m.graph.tenantId,
        clientId: m.graph.clientId,
        clientSecret: '',
        mailbox: m.graph.mailbox,
        signInUrl: m.graph.signInUrl,
        graphUrl: m.graph.graphUrl,
        folder: m.folder,
        processedFolder: m.processedFolder,
        failedFolder: m.failedFolder,
      });
    }
  }, [mailbox.data]);
  const body = () => {
    const common = {
      provider: form.provider,
      enabled: form.enabled,
      folder: form.folder,
      processedFolder: form.processedFolder,
      failedFolder: form.failedFolder,
    };
    return form.provider === 'graph'
      ? {
          ...common,
          tenantId: form.tenantId,
          clientId: form.clientId,
          clientSecret: form.clientSecret || undefined,
          mailbox: form.mailbox,
          signInUrl: form.signInUrl,
          graphUrl: form.graphUrl,
        }
      : {
          ...common,
          host: form.host,
          port: Number(form.port),
          tls: form.tls,
          username: form.username,
          password: form.password || undefined,
        };
  };
  const save = useMutation({
    mutationFn: () => api<Mailbox>('PUT', '/api/v1/mailbox', body()),
    onSuccess: (saved) => {
      client.setQueryData(['mailbox'], saved);
      test.reset();
    },
  });
  const test = useMutation({ mutationFn: () => api<TestResult>('POST', '/api/v1/mailbox/test') });
  const poll = useMutation({
    mutationFn: () => api<{ ok: boolean; message: string }>('POST', '/api/v1/mailbox/poll'),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['mailbox'] }),
        client.invalidateQueries({ queryKey: ['mails'] }),
        client.invalidateQueries({ queryKey: ['inbox'] }),
      ]),
  });
  const error = save.error instanceof ApiError ? save.error : null;
  const stored = form.provider === 'graph' ? mailbox.data?.graph.clientSecretSet : mailbox.data?.passwordSet;
  const field = (key: keyof Form, label: string, type = 'text', hint?: string) => (
    <div className="field">
      <label htmlFor={`mailbox-${key}`}>{label}</label>
      <input
        id={`mailbox-${key}`}
        className="input"
        type={type}
        autoComplete={type === 'password' ? 'new-password' : 'off'}
        placeholder={type === 'password' && stored ? '•••••••• (stored)' : hint}
        value={String(form[key])}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      />
      {error?.fieldMessage(key) && <span className="field-error">{error.fieldMessage(key)}</span>}
    </div>
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const last = poll.data ?? mailbox.data?.lastPoll;
  const savedProvider = mailbox.data?.configured ? mailbox.data.provider : null;

  return (
    <form className="card stack" onSubmit={submit} aria-label="Report mailbox">
      <div className="page-header" style={{ margin: 0 }}>
        <div>
          <h2>Report mailbox</h2>
          <p className="muted" style={{ margin: '4px 0 0' }}>
            Every five minutes Flightdeck reads the folder, stores each mail, parses it, and moves it to the processed folder — or to the
            failed folder when it cannot be taken in, so one bad mail never holds back the others.
          </p>
        </div>
        <button className="btn btn-primary" type="submit" disabled={save.isPending}>
          <FloppyDisk size={16} weight="duotone" /> {save.isPending ? 'Saving…' : 'Save'}
        </button>
      </div>
      {save.error && <div className="alert alert-error">{save.error.message}</div>}
      {save.isSuccess && <div className="alert alert-success">Saved.</div>}
      <fieldset className="row" style={{ border: 0, padding: 0, margin: 0 }}>
        <legend className="muted">Mailbox kind</legend>
        <label className="toggle">
          <input
            type="radio"
            name="mailbox-provider"
            checked={form.provider === 'imap'}
            onChange={() => setForm({ ...form, provider: 'imap', folder: form.folder === 'Inbox' ? 'INBOX' : form.folder })}
          />
          IMAP
        </label>
        <label className="toggle">
          <input
            type="radio"
            name="mailbox-provider"
            checked={form.provider === 'graph'}
            onChange={() => setForm({ ...form, provider: 'graph', folder: form.folder === 'INBOX' ? 'Inbox' : form.folder })}
          />
          Microsoft 365 (Graph)
        </label>
      </fieldset>
      <Toggle checked={form.enabled} onChange={(enabled) => setForm({ ...form, enabled })}>
        Poll this mailbox
      </Toggle>
      {form.provider === 'imap' ? (
        <>
          <div className="form-grid settings-grid">
            {field('host', 'IMAP host')}
            {field('port', 'Port', 'number')}
            {field('username', 'User name')}
            {field('password', 'Password', 'password')}
          </div>
          <Toggle checked={form.tls} onChange={(tls) => setForm({ ...form, tls })}>
            TLS
          </Toggle>
        </>
      ) : (
        <>
          <p className="muted" style={{ margin: 0 }}>
            Register an app in Microsoft Entra ID with the application permission <strong>Mail.ReadWrite</strong> (admin consent), and limit
            it to this mailbox with an application access policy. Flightdeck signs in with the client secret, which is stored encrypted and
            never shown again.
          </p>
          <div className="form-grid settings-grid">
            {field('tenantId', 'Directory (tenant) ID', 'text', 'GUID or contoso.onmicrosoft.com')}
            {field('clientId', 'Application (client) ID')}
            {field('clientSecret', 'Client secret', 'password')}
            {field('mailbox', 'Mailbox address', 'email', 'backups@contoso.com')}
          </div>
          <details>
            <summary className="muted">National clouds and test endpoints</summary>
            <div className="form-grid settings-grid">
              {field('signInUrl', 'Sign-in URL')}
              {field('graphUrl', 'Graph URL')}
            </div>
          </details>
        </>
      )}
      <div className="form-grid settings-grid">
        {field('folder', 'Folder to read', 'text', form.provider === 'graph' ? 'Inbox or Inbox/Backup reports' : 'INBOX')}
        {field('processedFolder', 'Move processed mails to')}
        {field('failedFolder', 'Move mails that fail to')}
      </div>
      <div className="row">
        <button
          type="button"
          className="btn"
          onClick={() => test.mutate()}
          disabled={test.isPending || !savedProvider || savedProvider !== form.provider}
          title={savedProvider === form.provider ? undefined : 'Save first: the test uses the saved settings'}
        >
          <Plugs size={16} weight="duotone" /> {test.isPending ? 'Testing…' : 'Test connection'}
        </button>
        <button type="button" className="btn" onClick={() => poll.mutate()} disabled={poll.isPending || !mailbox.data?.enabled}>
          <ArrowsClockwise size={16} weight="duotone" /> {poll.isPending ? 'Polling…' : 'Poll now'}
        </button>
      </div>
      {test.error && <div className="alert alert-error">{test.error.message}</div>}
      {test.data && (
        <ul className="stack" aria-label="Connection test" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {test.data.steps.map((s) => (
            <li key={s.step} className="row" style={{ alignItems: 'flex-start' }}>
              {s.ok ? (
                <CheckCircle size={18} weight="duotone" color="var(--success, #1a7f37)" aria-label="passed" />
              ) : (
                <XCircle size={18} weight="duotone" color="var(--danger, #c62828)" aria-label="failed" />
              )}
              <span>
                <strong>{STEP_LABELS[s.step] ?? s.step}</strong> — {s.message}
              </span>
            </li>
          ))}
        </ul>
      )}
      {poll.error && <div className="alert alert-error">{poll.error.message}</div>}
      {last && <div className={`alert ${last.ok ? 'alert-success' : 'alert-error'}`}>{last.message}</div>}
    </form>
  );
};
