import { ArrowsClockwise } from '@phosphor-icons/react';
import type { ApiError } from '@/app/api';
import type { Integration, ReferenceItem, TicketDefaults } from '@/app/types';
import { Field } from './Field';
import type { Draft } from './integration-draft';
import { useRefreshReferenceData } from './useIntegrations';

const ReferenceSelect = ({
  id,
  label,
  items,
  value,
  onChange,
  error,
}: {
  id: string;
  label: string;
  items: ReferenceItem[];
  value: string | null;
  onChange: (value: string | null) => void;
  error?: string;
}) => (
  <Field id={id} label={label} error={error}>
    <select id={id} className="input" value={value ?? ''} onChange={(e) => onChange(e.target.value || null)} disabled={items.length === 0}>
      <option value="">{items.length ? '— choose —' : 'Load reference data first'}</option>
      {items.map((item) => (
        <option key={item.id} value={item.id} disabled={!item.active}>
          {item.name}
          {item.active ? '' : ' (inactive)'}
        </option>
      ))}
    </select>
  </Field>
);

/** B8.2: defaults picked from live PSA lists, stored; Refresh reloads them. */
export const TicketDefaultsFields = ({
  integration,
  draft,
  onChange,
  error,
}: {
  integration: Integration;
  draft: Draft;
  onChange: (draft: Draft) => void;
  error: ApiError | null;
}) => {
  const refresh = useRefreshReferenceData(integration.kind);
  const reference = integration.referenceData;
  const isConnectWise = integration.kind === 'connectwise';
  const set = (key: keyof TicketDefaults) => (value: string | null) =>
    onChange({ ...draft, ticketDefaults: { ...draft.ticketDefaults, [key]: value } });
  const reload = (boardId: string | null) =>
    refresh.mutate(boardId, { onSuccess: (saved) => onChange({ ...draft, ticketDefaults: saved.ticketDefaults }) });
  const fieldError = (key: string) => error?.fieldMessage(`ticketDefaults.${key}`);
  const openStatuses = reference?.statuses.filter((s) => !s.isClosed) ?? [];
  const closedStatuses = reference?.statuses.filter((s) => s.isClosed) ?? [];

  return (
    <section className="stack" aria-label="Ticket defaults">
      <div className="page-header" style={{ margin: 0 }}>
        <h3>Ticket defaults</h3>
        <div className="row">
          <span className="faint" style={{ fontSize: 12 }}>
            {integration.referenceDataRefreshedAt
              ? `Loaded ${new Date(integration.referenceDataRefreshedAt).toLocaleString()}`
              : 'Not loaded yet'}
          </span>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => reload(isConnectWise ? draft.ticketDefaults.queueId : null)}
            disabled={refresh.isPending || !integration.enabled}
            title={
              integration.enabled ? 'Reload queues, sources, statuses and priorities from the PSA' : 'Enable and save the integration first'
            }
          >
            <ArrowsClockwise size={14} weight="duotone" /> {refresh.isPending ? 'Loading…' : 'Refresh from PSA'}
          </button>
        </div>
      </div>
      {refresh.error && (
        <div className="alert alert-error" role="alert">
          {refresh.error.message}
        </div>
      )}
      <div className="form-grid settings-grid">
        <ReferenceSelect
          id={`${integration.kind}-queue`}
          label={isConnectWise ? 'Service board' : 'Queue'}
          items={reference?.queues ?? []}
          value={draft.ticketDefaults.queueId}
          onChange={(value) => (isConnectWise && value ? reload(value) : set('queueId')(value))}
          error={fieldError('queueId')}
        />
        <ReferenceSelect
          id={`${integration.kind}-source`}
          label="Source"
          items={reference?.sources ?? []}
          value={draft.ticketDefaults.sourceId}
          onChange={set('sourceId')}
          error={fieldError('sourceId')}
        />
        <ReferenceSelect
          id={`${integration.kind}-status`}
          label="Status for new tickets"
          items={openStatuses}
          value={draft.ticketDefaults.statusId}
          onChange={set('statusId')}
          error={fieldError('statusId')}
        />
        <ReferenceSelect
          id={`${integration.kind}-priority-warning`}
          label="Priority for a Warning"
          items={reference?.priorities ?? []}
          value={draft.ticketDefaults.priorityWarningId}
          onChange={set('priorityWarningId')}
          error={fieldError('priorityWarningId')}
        />
        <ReferenceSelect
          id={`${integration.kind}-priority-error`}
          label="Priority for an Error"
          items={reference?.priorities ?? []}
          value={draft.ticketDefaults.priorityErrorId}
          onChange={set('priorityErrorId')}
          error={fieldError('priorityErrorId')}
        />
        <ReferenceSelect
          id={`${integration.kind}-completed`}
          label="Completed status (Resolve)"
          items={closedStatuses}
          value={draft.ticketDefaults.completedStatusId}
          onChange={set('completedStatusId')}
          error={fieldError('completedStatusId')}
        />
      </div>
    </section>
  );
};
