import { CheckCircle, Info, ShieldCheck, WarningCircle } from '@phosphor-icons/react';
import type { Integration } from '@/app/api-types';
import { useTestConnection, useValidateConfiguration } from './useIntegrations';

/** B8.4: Test connection and Validate configuration, with their results inline. */
export const ConnectionChecks = ({ integration, dirty }: { integration: Integration; dirty: boolean }) => {
  const test = useTestConnection(integration.kind);
  const validate = useValidateConfiguration(integration.kind);
  const blocked = !integration.enabled || dirty;
  const why = !integration.enabled ? 'Enable and save the integration first' : dirty ? 'Save your changes first' : undefined;
  const result = test.data ?? integration.lastTest;

  return (
    <section className="stack" aria-label="Checks">
      <div className="row">
        <button type="button" className="btn" onClick={() => test.mutate()} disabled={blocked || test.isPending} title={why}>
          <CheckCircle size={16} weight="duotone" /> {test.isPending ? 'Testing…' : 'Test connection'}
        </button>
        <button type="button" className="btn" onClick={() => validate.mutate()} disabled={blocked || validate.isPending} title={why}>
          <ShieldCheck size={16} weight="duotone" /> {validate.isPending ? 'Validating…' : 'Validate configuration'}
        </button>
        {why && <span className="faint">{why}.</span>}
      </div>
      {(test.error || validate.error) && (
        <div className="alert alert-error" role="alert">
          {(test.error ?? validate.error)?.message}
        </div>
      )}
      {result && (
        <div
          className={`alert ${result.ok ? 'alert-success' : 'alert-error'}`}
          role="status"
          data-testid={`${integration.kind}-test-result`}
        >
          {result.ok ? 'Connection OK' : 'Connection failed'}: {result.message}
        </div>
      )}
      {validate.data && (
        <ul className="checklist" data-testid={`${integration.kind}-validation`}>
          {validate.data.checks.map((check) => (
            <li key={check.id} className={check.unverified ? 'unverified' : check.ok ? 'ok' : 'bad'}>
              {check.unverified ? (
                <Info size={16} weight="duotone" aria-label="to check by hand" />
              ) : check.ok ? (
                <CheckCircle size={16} weight="duotone" />
              ) : (
                <WarningCircle size={16} weight="duotone" />
              )}
              <strong>{check.label}</strong> <span className="muted">{check.message}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
};
