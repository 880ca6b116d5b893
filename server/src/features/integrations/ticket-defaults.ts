// Ticket defaults (B4.4) checked against the PSA's reference data, and sensible first choices
// by name when an admin has not picked yet: source Monitoring Alert, queue Helpdesk, status
// New, Warning → Medium, Error → High, and the PSA's completed status.
import type { FieldError } from '#src/lib/app-error';
import type { PsaKind, PsaReferenceData, PsaReferenceItem, PsaStatus } from '#src/psa/psa-provider';
import type { TicketDefaults } from './integrations.schemas';

type Reference = PsaReferenceData & { boardId?: string | null; escalationStatuses?: PsaStatus[] };

/** The statuses Escalate may pick from: the escalation board's on ConnectWise, else the ticket statuses. */
export const escalationStatusesOf = (kind: PsaKind, defaults: TicketDefaults, reference: Reference) =>
  kind === 'connectwise' && defaults.pilotEscalationQueueId && defaults.pilotEscalationQueueId !== reference.boardId
    ? (reference.escalationStatuses ?? [])
    : reference.statuses;

const byName = (items: PsaReferenceItem[], ...names: string[]) => {
  const active = items.filter((i) => i.active);
  for (const name of names) {
    const hit = active.find((i) => i.name.toLowerCase() === name) ?? active.find((i) => i.name.toLowerCase().includes(name));
    if (hit) {
      return hit.id;
    }
  }
  return null;
};

export const suggestTicketDefaults = (kind: PsaKind, current: TicketDefaults, reference: Reference): TicketDefaults => {
  const open = reference.statuses.filter((s) => !s.isClosed);
  const closed = reference.statuses.filter((s) => s.isClosed);
  return {
    queueId:
      current.queueId ??
      (kind === 'connectwise' ? (reference.boardId ?? null) : byName(reference.queues, 'helpdesk', 'help desk', 'service desk')),
    sourceId: current.sourceId ?? byName(reference.sources, 'monitoring alert', 'monitoring'),
    statusId: current.statusId ?? byName(open, 'new'),
    priorityWarningId: current.priorityWarningId ?? byName(reference.priorities, 'medium', 'normal'),
    priorityErrorId: current.priorityErrorId ?? byName(reference.priorities, 'high', 'quick'),
    completedStatusId: current.completedStatusId ?? byName(closed, 'complete', 'completed', 'closed', 'resolved'),
    pilotResolvedStatusId: current.pilotResolvedStatusId ?? byName(closed, 'complete', 'completed', 'resolved', 'closed'),
    pilotEscalatedStatusId:
      current.pilotEscalatedStatusId ??
      byName(
        escalationStatusesOf(kind, current, reference).filter((s) => !s.isClosed),
        'escalat',
        'in progress',
      ),
    // Routing is the admin's decision: no queue is picked for them.
    pilotEscalationQueueId: current.pilotEscalationQueueId,
    // Autotask: Task Notes while the tenant keeps it active, else another internal type.
    noteTypeId:
      current.noteTypeId ?? (reference.noteTypes ? byName(reference.noteTypes, 'task notes', 'task detail', 'task summary') : null),
  };
};

/** Field errors for defaults that are not in the reference data (or missing, with requireAll). */
export const checkTicketDefaults = (
  kind: PsaKind,
  defaults: TicketDefaults,
  reference: Reference | null,
  options: { requireAll?: boolean } = {},
): FieldError[] => {
  const errors: FieldError[] = [];
  const lists: [keyof TicketDefaults, PsaReferenceItem[] | undefined, string, optional?: boolean][] = [
    ['queueId', reference?.queues, kind === 'connectwise' ? 'board' : 'queue'],
    ['sourceId', reference?.sources, 'source'],
    ['statusId', reference?.statuses, 'status'],
    ['priorityWarningId', reference?.priorities, 'priority'],
    ['priorityErrorId', reference?.priorities, 'priority'],
    ['completedStatusId', reference?.statuses, 'status'],
    ['pilotResolvedStatusId', reference?.statuses, 'status', true],
    ['pilotEscalatedStatusId', reference ? escalationStatusesOf(kind, defaults, reference) : undefined, 'status', true],
    ['pilotEscalationQueueId', reference?.queues, kind === 'connectwise' ? 'board' : 'queue', true],
    ['noteTypeId', reference?.noteTypes, 'note type', true],
  ];
  for (const [field, items, what, optional] of lists) {
    const value = defaults[field];
    if (value === null) {
      if (options.requireAll && !optional) {
        errors.push({ path: field, message: `Pick a ${what}` });
      }
      continue;
    }
    if (!reference || !items) {
      continue;
    }
    const item = items.find((i) => i.id === value);
    if (!item) {
      errors.push({ path: field, message: `This ${what} is not in the PSA's current list; refresh the reference data and pick again` });
    } else if (!item.active) {
      errors.push({ path: field, message: `"${item.name}" is inactive in the PSA` });
    }
  }
  if (defaults.pilotEscalationQueueId && !defaults.pilotEscalatedStatusId) {
    errors.push({
      path: 'pilotEscalatedStatusId',
      message: `Pick the status Escalate sets in that ${kind === 'connectwise' ? 'board' : 'queue'}`,
    });
  }
  const completed = reference?.statuses.find((s) => s.id === defaults.completedStatusId);
  if (completed && !completed.isClosed) {
    errors.push({ path: 'completedStatusId', message: `"${completed.name}" is not a closed status` });
  }
  if (kind === 'connectwise' && reference && defaults.queueId && reference.boardId && defaults.queueId !== reference.boardId) {
    errors.push({
      path: 'statusId',
      message: 'The statuses shown belong to another board; refresh the reference data for the chosen board',
    });
  }
  return errors;
};
