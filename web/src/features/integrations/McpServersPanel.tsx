// Issue 18 (P0.4): the MCP servers the pilot may use as tools (admins). Add one by URL (a token
// is stored encrypted and never shown again), test it to see the tools it lists, choose which of
// them the pilot is offered, pause or remove it.
import { CheckCircle, Plugs, Plus, Trash, XCircle } from '@phosphor-icons/react';
import { type FormEvent, useState } from 'react';
import { ApiError } from '@/app/api';
import { ConfirmDialog } from '@/app/ConfirmDialog';
import { Toggle } from '@/app/Toggle';
import type { McpServer, McpTestResult } from '@/app/api-types';
import {
  useAddMcpServer,
  useMcpServers,
  usePilotTelemetry,
  useRemoveMcpServer,
  useTestMcpServer,
  useUpdateMcpServer,
} from './useMcpServers';

/** P0.5: what tool use has done in this account, counted from the stored turns. */
const ToolTelemetry = () => {
  const telemetry = usePilotTelemetry();
  const t = telemetry.data;
  if (!t) {
    return null;
  }
  return (
    <p className="muted" data-testid="tool-telemetry" style={{ margin: 0 }}>
      {t.turns} pilot turns · {t.turnsWithToolsAvailable} with tools available · {t.turnsThatUsedATool} used a tool ·{' '}
      {t.fallbacksWithoutTools} answered again without tools
      {t.toolsUsed.length > 0 && (
        <>
          {' '}
          · most used:{' '}
          {t.toolsUsed
            .slice(0, 3)
            .map((u) => `${u.name} (${u.uses})`)
            .join(', ')}
        </>
      )}
    </p>
  );
};

const emptyDraft = { name: '', url: '', transport: 'streamable_http' as McpServer['transport'], token: '' };

const AddServerForm = ({ onAdded }: { onAdded: () => void }) => {
  const add = useAddMcpServer();
  const [draft, setDraft] = useState(emptyDraft);
  const error = add.error instanceof ApiError ? add.error : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(
      { name: draft.name, url: draft.url, transport: draft.transport, token: draft.token || undefined, allowedTools: null },
      {
        onSuccess: () => {
          setDraft(emptyDraft);
          onAdded();
        },
      },
    );
  };
  return (
    <form className="stack" onSubmit={submit} aria-label="Add an MCP server">
      <div className="form-grid settings-grid">
        <div className="field">
          <label htmlFor="mcp-name">Name</label>
          <input
            id="mcp-name"
            className="input"
            value={draft.name}
            placeholder="Microsoft Learn"
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          />
          {error?.fieldMessage('name') && <span className="field-error">{error.fieldMessage('name')}</span>}
        </div>
        <div className="field">
          <label htmlFor="mcp-url">URL</label>
          <input
            id="mcp-url"
            className="input"
            value={draft.url}
            placeholder="https://learn.microsoft.com/api/mcp"
            onChange={(e) => setDraft({ ...draft, url: e.target.value })}
          />
          {error?.fieldMessage('url') && <span className="field-error">{error.fieldMessage('url')}</span>}
        </div>
        <div className="field">
          <label htmlFor="mcp-transport">Transport</label>
          <select
            id="mcp-transport"
            className="input"
            value={draft.transport}
            onChange={(e) => setDraft({ ...draft, transport: e.target.value as McpServer['transport'] })}
          >
            <option value="streamable_http">Streamable HTTP</option>
            <option value="sse">HTTP + SSE (older servers)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="mcp-token">Bearer token (optional)</label>
          <input
            id="mcp-token"
            className="input"
            type="password"
            autoComplete="new-password"
            value={draft.token}
            onChange={(e) => setDraft({ ...draft, token: e.target.value })}
          />
        </div>
      </div>
      {add.error && !error?.fieldMessage('url') && !error?.fieldMessage('name') && (
        <div className="alert alert-error">{add.error.message}</div>
      )}
      <div className="row">
        <button className="btn btn-primary" type="submit" disabled={add.isPending || !draft.name.trim() || !draft.url.trim()}>
          <Plus size={16} /> {add.isPending ? 'Adding…' : 'Add server'}
        </button>
      </div>
    </form>
  );
};

/** After a test: the tools the server lists, each one offered to the pilot or not. */
const ToolChoice = ({ server, result }: { server: McpServer; result: McpTestResult }) => {
  const update = useUpdateMcpServer();
  const [allowed, setAllowed] = useState(() => new Set(result.tools.filter((t) => t.allowed).map((t) => t.name)));
  const everything = allowed.size === result.tools.length;
  return (
    <div className="stack" style={{ gap: 6 }}>
      {result.tools.map((tool) => (
        <Toggle
          key={tool.name}
          checked={allowed.has(tool.name)}
          onChange={(on) => {
            const next = new Set(allowed);
            on ? next.add(tool.name) : next.delete(tool.name);
            setAllowed(next);
          }}
        >
          <code>{tool.name}</code> <span className="faint">{tool.description}</span>
        </Toggle>
      ))}
      <div className="row">
        <button
          type="button"
          className="btn btn-small"
          disabled={update.isPending}
          onClick={() => update.mutate({ id: server.id, allowedTools: everything ? null : [...allowed] })}
        >
          Offer {everything ? 'all these tools' : `these ${allowed.size} tools`} to the pilot
        </button>
        {update.isSuccess && <span className="muted">Saved.</span>}
      </div>
    </div>
  );
};

const ServerRow = ({ server }: { server: McpServer }) => {
  const test = useTestMcpServer();
  const update = useUpdateMcpServer();
  const remove = useRemoveMcpServer();
  const [confirmRemove, setConfirmRemove] = useState(false);
  const ok = test.data?.ok ?? server.lastTestOk;
  const message = test.data?.message ?? server.lastTestMessage;
  return (
    <li className="card stack" data-testid="mcp-server" style={{ gap: 8 }}>
      <div className="row" style={{ justifyContent: 'space-between', flexWrap: 'wrap' }}>
        <div>
          <strong>{server.name}</strong> <span className="faint">{server.url}</span>
          <div className="faint" style={{ fontSize: 12 }}>
            {server.transport === 'sse' ? 'HTTP + SSE' : 'Streamable HTTP'} · {server.hasToken ? 'token stored' : 'no token'} ·{' '}
            {server.allowedTools ? `${server.allowedTools.length} tools offered` : 'every tool offered'}
          </div>
        </div>
        <div className="row">
          <Toggle checked={server.enabled} onChange={(enabled) => update.mutate({ id: server.id, enabled })}>
            Offer to the pilot
          </Toggle>
          <button type="button" className="btn btn-small" disabled={test.isPending} onClick={() => test.mutate(server.id)}>
            <Plugs size={14} /> {test.isPending ? 'Testing…' : 'Test'}
          </button>
          <button type="button" className="btn btn-small" onClick={() => setConfirmRemove(true)} aria-label={`Remove ${server.name}`}>
            <Trash size={14} />
          </button>
        </div>
      </div>
      {message && (
        <div className={`alert ${ok ? 'alert-success' : 'alert-error'}`} data-testid="mcp-test-result">
          {ok ? <CheckCircle size={16} /> : <XCircle size={16} />} {message}
        </div>
      )}
      {test.data?.ok && test.data.tools.length > 0 && <ToolChoice key={test.submittedAt} server={server} result={test.data} />}
      <ConfirmDialog
        open={confirmRemove}
        title={`Remove ${server.name}?`}
        confirmLabel="Remove"
        tone="danger"
        busy={remove.isPending}
        onConfirm={() => remove.mutate(server.id, { onSuccess: () => setConfirmRemove(false) })}
        onCancel={() => setConfirmRemove(false)}
      >
        <p>The pilot stops using its tools, and its stored token is deleted.</p>
      </ConfirmDialog>
    </li>
  );
};

export const McpServersPanel = () => {
  const servers = useMcpServers();
  const [adding, setAdding] = useState(false);
  return (
    <section className="card stack" aria-label="MCP servers">
      <div className="page-header" style={{ margin: 0 }}>
        <div>
          <h2>Pilot tools (MCP)</h2>
          <p className="muted" style={{ margin: '4px 0 0' }}>
            The pilot can search documentation and your own systems through MCP servers while it helps a technician. It is offered the tools
            of each server below in every conversation turn (when a model is configured), and each call shows under the reply. A server on
            your own network needs <code>FLIGHTDECK_ALLOW_PRIVATE_TARGETS=true</code>.
          </p>
        </div>
        {!adding && (
          <button type="button" className="btn" style={{ whiteSpace: 'nowrap', flexShrink: 0 }} onClick={() => setAdding(true)}>
            <Plus size={16} /> Add server
          </button>
        )}
      </div>
      <ToolTelemetry />
      {servers.error && <div className="alert alert-error">{servers.error.message}</div>}
      {adding && <AddServerForm onAdded={() => setAdding(false)} />}
      {servers.data?.length === 0 && !adding && <p className="muted">No MCP server yet: the pilot answers from its own knowledge.</p>}
      <ul className="stack" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {servers.data?.map((server) => (
          <ServerRow key={server.id} server={server} />
        ))}
      </ul>
    </section>
  );
};
