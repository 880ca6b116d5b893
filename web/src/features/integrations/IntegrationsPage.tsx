import { useState } from 'react';
import type { PsaKind } from '@/app/api-types';
import { MailboxPanel } from '@/features/mail-intake/MailboxPanel';
import { TryReportMail } from '@/features/mail-intake/TryReportMail';
import { ApiLogPanel } from './ApiLogPanel';
import { IntegrationPanel } from './IntegrationPanel';
import { McpServersPanel } from './McpServersPanel';
import { useIntegrations } from './useIntegrations';

/** Settings → Extensions & Integrations (B8, admins only). */
export const IntegrationsPage = () => {
  const integrations = useIntegrations();
  const [selected, setSelected] = useState<PsaKind | 'log' | 'mailbox' | 'mcp'>('autotask');
  const current = integrations.data?.find((i) => i.kind === selected);

  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>Extensions &amp; Integrations</h1>
          <p className="muted" style={{ margin: '4px 0 0' }}>
            Connect your PSA. Secrets are stored encrypted and never shown again; with an integration disabled Flightdeck makes no call to
            it.
          </p>
        </div>
      </div>
      <div className="tabs" role="tablist">
        {integrations.data?.map((i) => (
          <button
            key={i.kind}
            type="button"
            role="tab"
            aria-selected={i.kind === selected}
            className={`tab${i.kind === selected ? ' active' : ''}`}
            onClick={() => setSelected(i.kind)}
          >
            <span className="dot" style={{ background: i.enabled ? 'var(--success)' : 'var(--text-3)' }} />
            {i.label}
          </button>
        ))}
        <button
          type="button"
          role="tab"
          aria-selected={selected === 'mailbox'}
          className={`tab${selected === 'mailbox' ? ' active' : ''}`}
          onClick={() => setSelected('mailbox')}
        >
          Report mailbox
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={selected === 'mcp'}
          className={`tab${selected === 'mcp' ? ' active' : ''}`}
          onClick={() => setSelected('mcp')}
        >
          Pilot tools (MCP)
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={selected === 'log'}
          className={`tab${selected === 'log' ? ' active' : ''}`}
          onClick={() => setSelected('log')}
        >
          API log
        </button>
      </div>
      {integrations.isPending && <p className="muted">Loading integrations…</p>}
      {integrations.error && <div className="alert alert-error">{integrations.error.message}</div>}
      {current && <IntegrationPanel key={current.kind} integration={current} />}
      {selected === 'log' && <ApiLogPanel />}
      {selected === 'mcp' && <McpServersPanel />}
      {selected === 'mailbox' && <MailboxPanel />}
      {selected === 'mailbox' && <TryReportMail />}
    </div>
  );
};
