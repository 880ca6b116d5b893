import { ArrowsClockwise } from '@phosphor-icons/react';
import type { ApiError } from '@/app/api';
import { formatDateTime } from '@/app/format';
import type { Integration, ReferenceItem, TicketDefaults } from '@/app/api-types';
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
  disabled,
}: {
  id: string;
  label: string;
  items: ReferenceItem[];
  value: string | null;
  onChange: (value: string | null) => void;
  error?: string;
  disabled?: boolean;
}) => (
  <Field id={id} label={label} error={error}>
    <select
      id={id}
      className="input"
      value={value ?? ''}
      onChange={(e) => onChange(e.target.value || null)}
      disabled={disabled || items.length === 0}
    >
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
  onChange: (update: (draft: Draft) => Draft) => void;
  error: ApiError | null;
}) => {
  const refresh = useRefreshReferenceData(integration.kind);
  const reference = integration.referenceData;
  const isConnectWise = integration.kind === 'connectwise';
  const set = (key: keyof TicketDefaults) => (value: string | null) =>
    onChange((current) => ({ ...current, ticketDefaults: { ...current.ticketDefaults, [key]: value } }));
  // The server answers with the lists and the defaults for the (new) board: queue and statuses
  // come from it (the old board's statuses no longer apply); other picks made meanwhile stay.
  const reload = (boardId: string | null, escalationBoardId?: string | null) => {
    if (boardId) {
      set('queueId')(boardId);
    }
    if (escalationBoardId !== undefined) {
      set('pilotEscalationQueueId')(escalationBoardId);
    }
    refresh
      .mutateAsync({ boardId, ...(escalationBoardId !== undefined && { escalationBoardId }) })
      .then((saved) =>
        onChange((current) => {
          const fresh = saved.ticketDefaults;
          const kept = current.ticketDefaults;
          return {
            ...current,
            ticketDefaults: {
              queueId: isConnectWise ? fresh.queueId : (kept.queueId ?? fresh.queueId),
              statusId: isConnectWise ? fresh.statusId : (kept.statusId ?? fresh.statusId),
              completedStatusId: isConnectWise ? fresh.completedStatusId : (kept.completedStatusId ?? fresh.completedStatusId),
              sourceId: kept.sourceId ?? fresh.sourceId,
              priorityWarningId: kept.priorityWarningId ?? fresh.priorityWarningId,
              priorityErrorId: kept.priorityErrorId ?? fresh.priorityErrorId,
              pilotResolvedStatusId: isConnectWise
                ? fresh.pilotResolvedStatusId
                : (kept.pilotResolvedStatusId ?? fresh.pilotResolvedStatusId),
              pilotEscalatedStatusId: isConnectWise
                ? fresh.pilotEscalatedStatusId
                : (kept.pilotEscalatedStatusId ?? fresh.pilotEscalatedStatusId),
              pilotEscalationQueueId: isConnectWise ? fresh.pilotEscalationQueueId : kept.pilotEscalationQueueId,
              noteTypeId: kept.noteTypeId ?? fresh.noteTypeId,
            },
          };
        }),
      )
      .catch(() => {
        // Shown from refresh.error below.
      });
  };
  const fieldError = (key: string) => error?.fieldMessage(`ticketDefaults.${key}`);
  const openStatuses = reference?.statuses.filter((s) => !s.isClosed) ?? [];
  const closedStatuses = reference?.statuses.filter((s) => s.isClosed) ?? [];
  // ConnectWise statuses belong to a board: a separate escalation board brings its own list.
  const escalationQueue = draft.ticketDefaults.pilotEscalationQueueId;
  const escalationStatuses = (
    isConnectWise && escalationQueue && escalationQueue !== draft.ticketDefaults.queueId
      ? (reference?.escalationStatuses ?? [])
      : (reference?.statuses ?? [])
  ).filter((s) => !s.isClosed);

  return (
    <section className="stack" aria-label="Ticket defaults">
      <div className="page-header" style={{ margin: 0 }}>
        <h3>Ticket defaults</h3>
        <div className="row">
          <span className="faint" style={{ fontSize: 12 }}>
            {integration.referenceDataRefreshedAt ? `Loaded ${formatDateTime(integration.referenceDataRefreshedAt)}` : 'Not loaded yet'}
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
          disabled={refresh.isPending}
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
        {!isConnectWise && (
          <ReferenceSelect
            id={`${integration.kind}-note-type`}
            label="Note type for Flightdeck's notes"
            items={reference?.noteTypes ?? []}
            value={draft.ticketDefaults.noteTypeId}
            onChange={set('noteTypeId')}
            error={fieldError('noteTypeId')}
          />
        )}
        <ReferenceSelect
          id={`${integration.kind}-pilot-resolved`}
          label="FlowPilot Resolve moves the ticket to"
          items={reference?.statuses ?? []}
          value={draft.ticketDefaults.pilotResolvedStatusId}
          onChange={set('pilotResolvedStatusId')}
          error={fieldError('pilotResolvedStatusId')}
        />
        <Field
          id={`${integration.kind}-pilot-escalation-queue`}
          label={`FlowPilot Escalate routes the ticket to ${isConnectWise ? 'board' : 'queue'}`}
          error={fieldError('pilotEscalationQueueId')}
        >
          <select
            id={`${integration.kind}-pilot-escalation-queue`}
            className="input"
            value={escalationQueue ?? ''}
            disabled={refresh.isPending || !reference?.queues.length}
            onChange={(e) => {
              const value = e.target.value || null;
              if (isConnectWise) {
                reload(draft.ticketDefaults.queueId, value);
              } else {
                set('pilotEscalationQueueId')(value);
              }
            }}
          >
            <option value="">Stays where it is</option>
            {reference?.queues.map((q) => (
              <option key={q.id} value={q.id} disabled={!q.active}>
                {q.name}
                {q.active ? '' : ' (inactive)'}
              </option>
            ))}
          </select>
        </Field>
        <ReferenceSelect
          disabled={refresh.isPending}
          id={`${integration.kind}-pilot-escalated`}
          label={escalationQueue ? `FlowPilot Escalate status there` : 'FlowPilot Escalate moves the ticket to'}
          items={escalationStatuses}
          value={draft.ticketDefaults.pilotEscalatedStatusId}
          onChange={set('pilotEscalatedStatusId')}
          error={fieldError('pilotEscalatedStatusId')}
        />
      </div>
    </section>
  );
};
