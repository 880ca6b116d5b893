import { ArrowsClockwise, FloppyDisk } from '@phosphor-icons/react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api } from '@/app/api';
import { Toggle } from '@/app/Toggle';

type Mailbox = {
  configured: boolean;
  enabled: boolean;
  host: string;
  port: number;
  tls: boolean;
  username: string;
  folder: string;
  processedFolder: string;
  passwordSet: boolean;
  lastPoll: { at: string; ok: boolean; message: string } | null;
};

/** B2.3: the IMAP mailbox report mails are polled from (admins). */
export const MailboxPanel = () => {
  const client = useQueryClient();
  const mailbox = useQuery({ queryKey: ['mailbox'], queryFn: () => api<Mailbox>('GET', '/api/v1/mailbox') });
  const [form, setForm] = useState({
    enabled: false,
    host: '',
    port: '993',
    tls: true,
    username: '',
    password: '',
    folder: 'INBOX',
    processedFolder: 'Processed',
  });
  useEffect(() => {
    if (mailbox.data) {
      const m = mailbox.data;
      setForm({
        enabled: m.enabled,
        host: m.host,
        port: String(m.port),
        tls: m.tls,
        username: m.username,
        password: '',
        folder: m.folder,
        processedFolder: m.processedFolder,
      });
    }
  }, [mailbox.data]);
  const save = useMutation({
    mutationFn: () => api<Mailbox>('PUT', '/api/v1/mailbox', { ...form, port: Number(form.port), password: form.password || undefined }),
    onSuccess: (saved) => client.setQueryData(['mailbox'], saved),
  });
  const poll = useMutation({
    mutationFn: () => api<{ ok: boolean; message: string }>('POST', '/api/v1/mailbox/poll'),
    onSettled: () => client.invalidateQueries({ queryKey: ['mailbox'] }),
  });
  const error = save.error instanceof ApiError ? save.error : null;
  const field = (key: keyof typeof form, label: string, type = 'text') => (
    <div className="field">
      <label htmlFor={`mailbox-${key}`}>{label}</label>
      <input
        id={`mailbox-${key}`}
        className="input"
        type={type}
        autoComplete={type === 'password' ? 'new-password' : 'off'}
        placeholder={key === 'password' && mailbox.data?.passwordSet ? '•••••••• (stored)' : undefined}
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

  return (
    <form className="card stack" onSubmit={submit} aria-label="Report mailbox">
      <div className="page-header" style={{ margin: 0 }}>
        <div>
          <h2>Report mailbox (IMAP)</h2>
          <p className="muted" style={{ margin: '4px 0 0' }}>
            Every five minutes Flightdeck reads the folder, stores each mail, parses it, and moves it to the processed folder.
          </p>
        </div>
        <button className="btn btn-primary" type="submit" disabled={save.isPending}>
          <FloppyDisk size={16} weight="duotone" /> {save.isPending ? 'Saving…' : 'Save'}
        </button>
      </div>
      {save.error && <div className="alert alert-error">{save.error.message}</div>}
      {save.isSuccess && <div className="alert alert-success">Saved.</div>}
      <Toggle checked={form.enabled} onChange={(enabled) => setForm({ ...form, enabled })}>
        Poll this mailbox
      </Toggle>
      <div className="form-grid settings-grid">
        {field('host', 'IMAP host')}
        {field('port', 'Port', 'number')}
        {field('username', 'User name')}
        {field('password', 'Password', 'password')}
        {field('folder', 'Folder to read')}
        {field('processedFolder', 'Move processed mails to')}
      </div>
      <Toggle checked={form.tls} onChange={(tls) => setForm({ ...form, tls })}>
        TLS
      </Toggle>
      <div className="row">
        <button type="button" className="btn" onClick={() => poll.mutate()} disabled={poll.isPending || !mailbox.data?.enabled}>
          <ArrowsClockwise size={16} weight="duotone" /> {poll.isPending ? 'Polling…' : 'Poll now'}
        </button>
      </div>
      {poll.error && <div className="alert alert-error">{poll.error.message}</div>}
      {last && <div className={`alert ${last.ok ? 'alert-success' : 'alert-error'}`}>{last.message}</div>}
    </form>
  );
};
