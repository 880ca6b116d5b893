// Issue 20: alert rules — a condition, its threshold, the channels it goes to — with the
// conditions open now, and "Check now" (rules are checked every five minutes anyway).
import { Bell, Plus, Trash } from '@phosphor-icons/react';
import { type FormEvent, useState } from 'react';
import { ApiError } from '@/app/api';
import type { AlertCondition, AlertRule, NotificationChannel } from '@/app/api-types';
import { formatDateTime } from '@/app/format';
import { Toggle } from '@/app/Toggle';
import { useAddRule, useChannels, useEvaluateRules, useRemoveRule, useRules, useUpdateRule } from './useNotifications';

export const CONDITIONS: Record<AlertCondition, { label: string; threshold: string | null; defaultThreshold: number }> = {
  job_failing: { label: 'A job fails or is missed N runs in a row', threshold: 'Runs in a row', defaultThreshold: 2 },
  customer_without_success: { label: 'A customer has no good backup for X days', threshold: 'Days', defaultThreshold: 3 },
  psa_auth_failing: { label: 'A PSA integration refuses the credentials', threshold: null, defaultThreshold: 1 },
  mailbox_poll_failing: { label: 'The report mailbox cannot be read', threshold: null, defaultThreshold: 1 },
};

const describe = (rule: AlertRule) => {
  const c = CONDITIONS[rule.condition];
  return c.threshold ? `${c.label.replace(/\bN\b|\bX\b/, String(rule.threshold))}` : c.label;
};

const AddRuleForm = ({ channels }: { channels: NotificationChannel[] }) => {
  const add = useAddRule();
  const [name, setName] = useState('');
  const [condition, setCondition] = useState<AlertCondition>('job_failing');
  const [threshold, setThreshold] = useState(CONDITIONS.job_failing.defaultThreshold);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const error = add.error instanceof ApiError ? add.error : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(
      { name, condition, threshold, channelIds: [...chosen] },
      {
        onSuccess: () => {
          setName('');
          setChosen(new Set());
        },
      },
    );
  };
  const meta = CONDITIONS[condition];
  return (
    <form className="stack" onSubmit={submit} aria-label="Add a rule">
      <div className="form-grid settings-grid">
        <div className="field">
          <label htmlFor="rule-name">Name</label>
          <input id="rule-name" className="input" value={name} placeholder="Nightly failures" onChange={(e) => setName(e.target.value)} />
          {error?.fieldMessage('name') && <span className="field-error">{error.fieldMessage('name')}</span>}
        </div>
        <div className="field">
          <label htmlFor="rule-condition">When</label>
          <select
            id="rule-condition"
            className="input"
            value={condition}
            onChange={(e) => {
              const next = e.target.value as AlertCondition;
              setCondition(next);
              setThreshold(CONDITIONS[next].defaultThreshold);
            }}
          >
            {(Object.keys(CONDITIONS) as AlertCondition[]).map((c) => (
              <option key={c} value={c}>
                {CONDITIONS[c].label}
              </option>
            ))}
          </select>
        </div>
        {meta.threshold && (
          <div className="field">
            <label htmlFor="rule-threshold">{meta.threshold}</label>
            <input
              id="rule-threshold"
              className="input"
              type="number"
              min={1}
              max={365}
              value={threshold}
              onChange={(e) => setThreshold(Number(e.target.value))}
            />
          </div>
        )}
      </div>
      <fieldset className="stack" style={{ gap: 6, border: 0, padding: 0, margin: 0 }}>
        <legend className="muted">Send to</legend>
        {channels.map((c) => (
          <Toggle
            key={c.id}
            checked={chosen.has(c.id)}
            onChange={(on) => {
              const next = new Set(chosen);
              on ? next.add(c.id) : next.delete(c.id);
              setChosen(next);
            }}
          >
            {c.name}
          </Toggle>
        ))}
        {channels.length === 0 && <span className="faint">Add a channel first.</span>}
        {error?.fieldMessage('channelIds') && <span className="field-error">{error.fieldMessage('channelIds')}</span>}
      </fieldset>
      {add.error && !error?.fieldErrors.length && <div className="alert alert-error">{add.error.message}</div>}
      <div className="row">
        <button className="btn btn-primary" type="submit" disabled={add.isPending || !name.trim() || chosen.size === 0}>
          <Plus size={16} /> {add.isPending ? 'Adding…' : 'Add rule'}
        </button>
      </div>
    </form>
  );
};

const RuleRow = ({ rule, channels }: { rule: AlertRule; channels: NotificationChannel[] }) => {
  const update = useUpdateRule();
  const remove = useRemoveRule();
  const names = rule.channelIds.map((id) => channels.find((c) => c.id === id)?.name ?? 'a removed channel');
  return (
    <tr data-testid={`rule-${rule.name}`}>
      <td>
        <strong>{rule.name}</strong>
        <div className="faint" style={{ fontSize: 12 }}>
          {describe(rule)} → {names.join(', ')}
        </div>
        {rule.open.map((o) => (
          <div key={o.key} className="field-error" style={{ fontSize: 12 }}>
            Open: {o.subject} since {formatDateTime(o.since)}
          </div>
        ))}
      </td>
      <td>
        <div className="row" style={{ justifyContent: 'flex-end' }}>
          <Toggle
            checked={rule.enabled}
            onChange={(enabled) =>
              update.mutate({
                id: rule.id,
                name: rule.name,
                condition: rule.condition,
                threshold: rule.threshold,
                channelIds: rule.channelIds,
                enabled,
              })
            }
          >
            On
          </Toggle>
          <button
            type="button"
            className="btn btn-small"
            aria-label={`Remove ${rule.name}`}
            disabled={remove.isPending}
            onClick={() => remove.mutate(rule.id)}
          >
            <Trash size={14} />
          </button>
        </div>
      </td>
    </tr>
  );
};

export const RulesPanel = () => {
  const rules = useRules();
  const channels = useChannels();
  const evaluate = useEvaluateRules();
  const list = channels.data ?? [];
  return (
    <section className="card stack" aria-label="Alert rules">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 style={{ margin: 0 }}>
          <Bell size={18} weight="duotone" /> Alert rules
        </h2>
        <button type="button" className="btn" disabled={evaluate.isPending || !rules.data?.length} onClick={() => evaluate.mutate()}>
          {evaluate.isPending ? 'Checking…' : 'Check rules now'}
        </button>
      </div>
      <p className="muted" style={{ margin: 0 }}>
        Checked every five minutes. One alert per condition until it clears, then one "cleared" message.
      </p>
      {evaluate.data && (
        <div className="alert alert-success" data-testid="evaluation">
          {evaluate.data.opened} new alert{evaluate.data.opened === 1 ? '' : 's'}, {evaluate.data.cleared} cleared,{' '}
          {evaluate.data.stillOpen} still open · {evaluate.data.queued} message{evaluate.data.queued === 1 ? '' : 's'} queued
        </div>
      )}
      {evaluate.error && <div className="alert alert-error">{evaluate.error.message}</div>}
      {rules.data && rules.data.length > 0 && (
        <table className="table">
          <tbody>
            {rules.data.map((r) => (
              <RuleRow key={r.id} rule={r} channels={list} />
            ))}
          </tbody>
        </table>
      )}
      <AddRuleForm channels={list} />
    </section>
  );
};
