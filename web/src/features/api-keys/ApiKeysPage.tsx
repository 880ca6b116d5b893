// N4: Settings → API keys. Keys for machine clients, each with scopes; the secret is shown once.
import { Key } from '@phosphor-icons/react';
import { type FormEvent, useState } from 'react';
import { ApiError } from '@/app/api';
import { ConfirmDialog } from '@/app/ConfirmDialog';
import { formatDateTime } from '@/app/format';
import type { ApiKey, ApiKeyScope } from '@/app/api-types';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from './useApiKeys';

const SCOPE_TEXT: Record<ApiKeyScope, string> = {
  ingest: 'Ingest backup runs (POST /api/v1/ingest/runs), nothing else',
  read: 'Read-only access to the API (GET routes)',
};

const when = (iso: string | null) => (iso ? formatDateTime(iso) : '—');

export const ApiKeysPage = () => {
  const keys = useApiKeys();
  const create = useCreateApiKey();
  const revoke = useRevokeApiKey();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>(['ingest']);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const error = create.error instanceof ApiError ? create.error : null;

  const toggle = (scope: ApiKeyScope, on: boolean) =>
    setScopes((current) => (on ? [...new Set([...current, scope])] : current.filter((s) => s !== scope)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), scopes },
      {
        onSuccess: (key) => {
          setCreated({ name: key.name, key: key.key });
          setName('');
        },
      },
    );
  };

  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>API keys</h1>
          <p className="muted" style={{ margin: '4px 0 0' }}>
            Keys let machines (an RMM export, a backup script) send runs to Flightdeck. Give each key only the scopes it needs.
          </p>
        </div>
      </div>
      {created && (
        <div className="alert alert-success stack" role="status" data-testid="created-key">
          <strong>Copy the key for “{created.name}” now: it is shown only this once.</strong>
          <code className="mono" data-testid="created-key-value" style={{ wordBreak: 'break-all' }}>
            {created.key}
          </code>
          <div className="row" style={{ gap: 8 }}>
            <button type="button" className="btn btn-small" onClick={() => void navigator.clipboard?.writeText(created.key)}>
              Copy
            </button>
            <button type="button" className="btn btn-small" onClick={() => setCreated(null)}>
              I stored it
            </button>
          </div>
        </div>
      )}
      <form className="card stack" onSubmit={submit} aria-label="Create an API key">
        <h2>Create a key</h2>
        {error && (
          <div className="alert alert-error" role="alert">
            {error.message}
          </div>
        )}
        <div className="field">
          <label htmlFor="api-key-name">Name</label>
          <input
            id="api-key-name"
            className="input"
            required
            maxLength={100}
            placeholder="e.g. RMM nightly export"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <fieldset className="stack" style={{ border: 0, padding: 0, margin: 0 }}>
          <legend>Scopes</legend>
          {(Object.keys(SCOPE_TEXT) as ApiKeyScope[]).map((scope) => (
            <label key={scope} className="row" style={{ gap: 8 }}>
              <input type="checkbox" checked={scopes.includes(scope)} onChange={(e) => toggle(scope, e.target.checked)} />
              <span>
                <span className="mono">{scope}</span> — {SCOPE_TEXT[scope]}
              </span>
            </label>
          ))}
        </fieldset>
        <div>
          <button type="submit" className="btn btn-primary" disabled={create.isPending || !name.trim() || scopes.length === 0}>
            <Key size={16} weight="duotone" aria-hidden /> Create key
          </button>
        </div>
      </form>
      <div className="card">
        {keys.isPending && <p className="muted">Loading keys…</p>}
        {keys.error && <div className="alert alert-error">{keys.error.message}</div>}
        {keys.data?.length === 0 && <p className="muted">No keys yet.</p>}
        {keys.data && keys.data.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Key</th>
                <th>Scopes</th>
                <th>Created</th>
                <th>Last used</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {keys.data.map((key) => (
                <tr key={key.id} data-testid="api-key-row">
                  <td>{key.name}</td>
                  <td className="mono">{key.prefix}_…</td>
                  <td className="mono">{key.scopes.join(', ')}</td>
                  <td>{when(key.createdAt)}</td>
                  <td>{when(key.lastUsedAt)}</td>
                  <td>{key.revokedAt ? `revoked ${when(key.revokedAt)}` : 'active'}</td>
                  <td style={{ textAlign: 'right' }}>
                    {!key.revokedAt && (
                      <button type="button" className="btn btn-small btn-danger" onClick={() => setRevoking(key)}>
                        Revoke…
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke “${revoking?.name ?? ''}”?`}
        confirmLabel="Revoke key"
        tone="danger"
        busy={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSettled: () => setRevoking(null) })}
        onCancel={() => setRevoking(null)}
      >
        <p>Every client using this key is refused from now on. A revoked key cannot be turned back on; create a new one instead.</p>
      </ConfirmDialog>
    </div>
  );
};
