// Issue 20: where alerts go — e-mail addresses, a Teams workflow, a Slack hook or a signed
// webhook. URLs are write-only (Slack and Teams URLs are their own credential); a webhook's
// generated signing secret is shown once.
import { ChatCircleText, PaperPlaneTilt, Plus, Trash } from '@phosphor-icons/react';
import { type FormEvent, useState } from 'react';
import { ApiError } from '@/app/api';
import type { ChannelDraft, ChannelKind, NotificationChannel } from '@/app/api-types';
import { ConfirmDialog } from '@/app/ConfirmDialog';
import { formatDateTime } from '@/app/format';
import { useAddChannel, useChannels, useRemoveChannel, useTestChannel } from './useNotifications';

export const KIND_LABEL: Record<ChannelKind, string> = {
  email: 'E-mail',
  teams: 'Microsoft Teams',
  slack: 'Slack',
  webhook: 'Signed webhook',
};

const URL_HINT: Record<Exclude<ChannelKind, 'email'>, string> = {
  teams: 'Teams → Workflows → "Post to a channel when a webhook request is received"; paste the URL it gives',
  slack: 'Slack app → Incoming Webhooks → the hook URL for the channel',
  webhook: 'Your endpoint; each request carries X-Flightdeck-Timestamp and X-Flightdeck-Signature (HMAC-SHA256)',
};

const AddChannelForm = () => {
  const add = useAddChannel();
  const [kind, setKind] = useState<ChannelKind>('email');
  const [name, setName] = useState('');
  const [target, setTarget] = useState('');
  const [secret, setSecret] = useState('');
  const error = add.error instanceof ApiError ? add.error : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: ChannelDraft =
      kind === 'email'
        ? { kind, name, emailTo: target.split(/[,;\s]+/).filter(Boolean) }
        : kind === 'webhook'
          ? { kind, name, url: target, ...(secret && { signingSecret: secret }) }
          : { kind, name, url: target };
    add.mutate(body, {
      onSuccess: () => {
        setName('');
        setTarget('');
        setSecret('');
      },
    });
  };
  const message = (field: string) => error?.fieldMessage(field);
  return (
    <form className="stack" onSubmit={submit} aria-label="Add a channel">
      <div className="form-grid settings-grid">
        <div className="field">
          <label htmlFor="channel-kind">Kind</label>
          <select id="channel-kind" className="input" value={kind} onChange={(e) => setKind(e.target.value as ChannelKind)}>
            {(Object.keys(KIND_LABEL) as ChannelKind[]).map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="channel-name">Name</label>
          <input
            id="channel-name"
            className="input"
            value={name}
            placeholder="On-call engineers"
            onChange={(e) => setName(e.target.value)}
          />
          {message('name') && <span className="field-error">{message('name')}</span>}
        </div>
        <div className="field" style={{ gridColumn: '1 / -1' }}>
          <label htmlFor="channel-target">{kind === 'email' ? 'Addresses (comma-separated)' : 'Webhook URL'}</label>
          <input
            id="channel-target"
            className="input"
            value={target}
            autoComplete="off"
            placeholder={kind === 'email' ? 'oncall@msp.example, noc@msp.example' : 'https://…'}
            onChange={(e) => setTarget(e.target.value)}
          />
          {kind !== 'email' && <span className="faint">{URL_HINT[kind]}</span>}
          {(message('url') ?? message('emailTo')) && <span className="field-error">{message('url') ?? message('emailTo')}</span>}
        </div>
        {kind === 'webhook' && (
          <div className="field" style={{ gridColumn: '1 / -1' }}>
            <label htmlFor="channel-secret">Signing secret (optional)</label>
            <input
              id="channel-secret"
              className="input"
              type="password"
              autoComplete="new-password"
              value={secret}
              placeholder="leave empty and Flightdeck makes one, shown once"
              onChange={(e) => setSecret(e.target.value)}
            />
            {message('signingSecret') && <span className="field-error">{message('signingSecret')}</span>}
          </div>
        )}
      </div>
      {add.error && !error?.fieldErrors.length && <div className="alert alert-error">{add.error.message}</div>}
      {add.data?.signingSecret && (
        <div className="alert alert-success" data-testid="generated-secret">
          The signing secret of {add.data.name} — copy it to the receiving side now; it is not shown again:{' '}
          <code>{add.data.signingSecret}</code>
        </div>
      )}
      <div className="row">
        <button className="btn btn-primary" type="submit" disabled={add.isPending || !name.trim() || !target.trim()}>
          <Plus size={16} /> {add.isPending ? 'Adding…' : 'Add channel'}
        </button>
      </div>
    </form>
  );
};

const ChannelRow = ({ channel }: { channel: NotificationChannel }) => {
  const test = useTestChannel();
  const remove = useRemoveChannel();
  const [confirming, setConfirming] = useState(false);
  return (
    <tr data-testid={`channel-${channel.name}`}>
      <td>
        <strong>{channel.name}</strong>
        <div className="faint" style={{ fontSize: 12 }}>
          {KIND_LABEL[channel.kind]} · {channel.kind === 'email' ? channel.emailTo.join(', ') : channel.urlHost} · at most{' '}
          {channel.maxPerHour} an hour
        </div>
      </td>
      <td>
        {channel.lastDelivery ? (
          <span
            className={channel.lastDelivery.status === 'failed' || channel.lastDelivery.status === 'rate_limited' ? 'field-error' : 'faint'}
          >
            {channel.lastDelivery.status} · {formatDateTime(channel.lastDelivery.at)}
          </span>
        ) : (
          <span className="faint">nothing sent yet</span>
        )}
        {test.data && (
          <div className={test.data.ok ? 'faint' : 'field-error'} data-testid="channel-test-result">
            {test.data.message}
          </div>
        )}
      </td>
      <td>
        <div className="row" style={{ justifyContent: 'flex-end' }}>
          <button type="button" className="btn btn-small" disabled={test.isPending} onClick={() => test.mutate(channel.id)}>
            <PaperPlaneTilt size={14} /> {test.isPending ? 'Sending…' : 'Test'}
          </button>
          <button type="button" className="btn btn-small" aria-label={`Remove ${channel.name}`} onClick={() => setConfirming(true)}>
            <Trash size={14} />
          </button>
        </div>
        <ConfirmDialog
          open={confirming}
          title={`Remove ${channel.name}?`}
          confirmLabel="Remove"
          tone="danger"
          busy={remove.isPending}
          onCancel={() => setConfirming(false)}
          onConfirm={() => remove.mutate(channel.id, { onSettled: () => setConfirming(false) })}
        >
          Rules that send here stop using it. Its URL and secret are deleted.
        </ConfirmDialog>
      </td>
    </tr>
  );
};

export const ChannelsPanel = () => {
  const channels = useChannels();
  return (
    <section className="card stack" aria-label="Alert channels">
      <h2 style={{ margin: 0 }}>
        <ChatCircleText size={18} weight="duotone" /> Channels
      </h2>
      {channels.error && <div className="alert alert-error">{channels.error.message}</div>}
      {channels.data && channels.data.length > 0 && (
        <table className="table">
          <tbody>
            {channels.data.map((c) => (
              <ChannelRow key={c.id} channel={c} />
            ))}
          </tbody>
        </table>
      )}
      {channels.data?.length === 0 && <p className="muted">No channels yet: add one, then a rule that sends to it.</p>}
      <AddChannelForm />
    </section>
  );
};
