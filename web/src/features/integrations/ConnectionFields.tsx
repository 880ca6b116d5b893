import type { ApiError } from '@/app/api';
import { Toggle } from '@/app/Toggle';
import type { Integration } from '@/app/api-types';
import { Field } from './Field';
import { CONNECTION_FIELDS, type Draft } from './integration-draft';

export const ConnectionFields = ({
  integration,
  draft,
  onChange,
  error,
}: {
  integration: Integration;
  draft: Draft;
  onChange: (update: (draft: Draft) => Draft) => void;
  error: ApiError | null;
}) => (
  <section className="stack" aria-label="Connection">
    <h3>Connection</h3>
    <Toggle checked={draft.enabled} onChange={(value) => onChange((d) => ({ ...d, enabled: value }))}>
      Enabled
    </Toggle>
    <div className="form-grid settings-grid">
      <Field id={`${integration.kind}-environment`} label="Environment">
        <select
          id={`${integration.kind}-environment`}
          className="input"
          value={draft.environment}
          onChange={(e) => {
            const value = e.target.value;
            onChange((d) => ({ ...d, environment: value as Draft['environment'] }));
          }}
        >
          <option value="production">Production</option>
          <option value="sandbox">Sandbox</option>
        </select>
      </Field>
      {CONNECTION_FIELDS[integration.kind].map((f) => {
        const id = `${integration.kind}-${f.name}`;
        const stored = f.secret && integration.secretsSet[f.name];
        return (
          <Field
            key={f.name}
            id={id}
            label={f.label}
            error={error?.fieldMessage(f.name)}
            hint={f.secret ? (stored ? 'Stored. Leave empty to keep it.' : 'Not stored yet.') : undefined}
          >
            <input
              id={id}
              className="input"
              type={f.secret ? 'password' : 'text'}
              autoComplete={f.secret ? 'new-password' : 'off'}
              placeholder={stored ? '••••••••' : f.placeholder}
              value={draft.fields[f.name] ?? ''}
              onChange={(e) => {
                const value = e.target.value;
                onChange((d) => ({ ...d, fields: { ...d.fields, [f.name]: value } }));
              }}
            />
          </Field>
        );
      })}
      <Field
        id={`${integration.kind}-base-url`}
        label="Flightdeck base URL"
        error={error?.fieldMessage('flightdeckBaseUrl')}
        hint="Tickets link to the run's Job Details page under this address. Required to create tickets."
      >
        <input
          id={`${integration.kind}-base-url`}
          className="input"
          placeholder="https://flightdeck.yourmsp.com"
          value={draft.flightdeckBaseUrl}
          onChange={(e) => {
            const value = e.target.value;
            onChange((d) => ({ ...d, flightdeckBaseUrl: value }));
          }}
        />
      </Field>
    </div>
  </section>
);
