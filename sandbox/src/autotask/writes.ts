// Create, update (PATCH: only supplied fields) and replace (PUT: omitted writable fields nulled)
// with Autotask's validation: required fields, picklists, references, the ticket queue rule, and
// read-only fields ignored. Every validation failure is an HTTP 500 with {"errors":[…]}.
import { ENTITIES, type EntityDefinition, type EntityName, type FieldInfo, fieldOf, ROLES } from './entities';
import { autotaskError, keyOf } from './query';
import { API_USER_RESOURCE_ID, type AutotaskRecord, type AutotaskStore } from './store';

export type WriteOptions = { impersonationResourceId: number | null };

const REFERENCE_TABLES: Record<string, EntityName | 'Role' | 'none'> = {
  Company: 'Companies',
  Ticket: 'Tickets',
  Resource: 'Resources',
  Role: 'Role',
  Contact: 'none',
  Task: 'none',
};

/** The writable fields of a body, keyed by their canonical names. Unknown keys are ignored as .NET does. */
const writableValues = (entity: EntityDefinition, body: Record<string, unknown>) => {
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const f = fieldOf(entity, key);
    if (f && !f.isReadOnly) {
      values[f.name] = value;
    }
  }
  return values;
};

const coerce = (f: FieldInfo, value: unknown): unknown => {
  if (value === null || value === undefined) {
    return null;
  }
  switch (f.dataType) {
    case 'integer':
    case 'long':
    case 'short': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n)) {
        throw autotaskError(500, `Invalid value for field ${f.name}: an integer is required.`);
      }
      return n;
    }
    case 'double': {
      const n = typeof value === 'string' ? Number(value) : value;
      if (typeof n !== 'number' || Number.isNaN(n)) {
        throw autotaskError(500, `Invalid value for field ${f.name}: a number is required.`);
      }
      return n;
    }
    case 'boolean':
      if (typeof value !== 'boolean') {
        throw autotaskError(500, `Invalid value for field ${f.name}: true or false is required.`);
      }
      return value;
    case 'datetime': {
      const date = new Date(String(value));
      if (Number.isNaN(date.getTime())) {
        throw autotaskError(500, `Invalid value for field ${f.name}: a date/time is required.`);
      }
      return date.toISOString();
    }
    case 'string': {
      const s = String(value);
      if (f.length > 0 && s.length > f.length) {
        throw autotaskError(500, `The value for field ${f.name} exceeds its maximum length of ${f.length}.`);
      }
      return s;
    }
  }
};

const referenceExists = (store: AutotaskStore, f: FieldInfo, id: number) => {
  const target = REFERENCE_TABLES[f.referenceEntityType] ?? 'none';
  if (target === 'Role') {
    return ROLES.some((role) => role.id === id);
  }
  if (target === 'none') {
    return false;
  }
  return store.find(target, id) !== undefined;
};

const validate = (store: AutotaskStore, entity: EntityDefinition, record: Record<string, unknown>) => {
  for (const f of entity.fields) {
    const value = record[f.name];
    if (f.isRequired && (value === null || value === undefined || value === '')) {
      throw autotaskError(500, `Missing Required Field: ${f.name}`);
    }
    if (value === null || value === undefined) {
      continue;
    }
    if (f.isPickList) {
      const option = f.picklistValues?.find((p) => p.value === String(value));
      if (!option?.isActive) {
        throw autotaskError(500, `Value does not reference an existing entity for ${f.name} . `);
      }
      if (f.picklistParentValueField && option.parentValue !== String(record[f.picklistParentValueField] ?? '')) {
        throw autotaskError(500, `Value for ${f.name} does not belong to the selected ${f.picklistParentValueField}.`);
      }
    } else if (f.isReference && !referenceExists(store, f, Number(value))) {
      throw autotaskError(500, `Value does not reference an existing entity for ${f.name} . `);
    }
  }
  if (entity.name === 'Tickets') {
    const hasQueue = record.queueID !== null && record.queueID !== undefined;
    const hasResource = record.assignedResourceID !== null && record.assignedResourceID !== undefined;
    const hasRole = record.assignedResourceRoleID !== null && record.assignedResourceRoleID !== undefined;
    if (hasResource !== hasRole) {
      throw autotaskError(500, 'When assigning a Resource, you must assign both a assignedResourceID and assignedResourceRoleID.');
    }
    if (!hasQueue && !hasResource) {
      throw autotaskError(
        500,
        'assignedResourceID, assignedResourceRoleID, and queueID cannot all be empty. Supply a queueID or both an assignedResourceID and assignedResourceRoleID.',
      );
    }
  }
  if (entity.name === 'TimeEntries' && record.ticketID !== null && record.ticketID !== undefined && !record.roleID) {
    throw autotaskError(500, 'TimeEntries for Tickets must have a roleID.');
  }
  if (entity.name === 'TicketNotes' && store.behaviour.requireNoteTitles && !record.title) {
    throw autotaskError(500, 'Missing Required Field: title');
  }
};

const coerceAll = (entity: EntityDefinition, values: Record<string, unknown>) => {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    out[name] = coerce(fieldOf(entity, name) as FieldInfo, value);
  }
  return out;
};

/** Side effects Autotask applies itself: timestamps, completion, the last-activity stamp. */
const applyTicketEffects = (store: AutotaskStore, before: AutotaskRecord | null, record: Record<string, unknown>, actorId: number) => {
  const now = store.nowIso();
  record.lastActivityDate = now;
  record.lastActivityResourceID = actorId;
  record.lastActivityPersonType = 1;
  const wasComplete = before?.status === 5;
  if (record.status === 5 && !wasComplete) {
    record.completedDate = now;
    record.completedByResourceID = actorId;
  } else if (record.status !== 5) {
    record.completedDate = null;
    record.completedByResourceID = null;
  }
};

const asObject = (body: unknown): Record<string, unknown> => {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw autotaskError(500, 'The request body is not a valid entity.');
  }
  return body as Record<string, unknown>;
};

export const createEntity = (
  store: AutotaskStore,
  entity: EntityDefinition,
  rawBody: unknown,
  options: WriteOptions,
  parentId?: number,
) => {
  if (!entity.canCreate) {
    throw autotaskError(500, `The logged in Resource does not have the adequate permissions to create this entity type.`);
  }
  const body = asObject(rawBody);
  const values = coerceAll(entity, writableValues(entity, body));
  if (entity.parent && parentId !== undefined) {
    values[entity.parent.field] = parentId;
  }
  const actorId = options.impersonationResourceId ?? API_USER_RESOURCE_ID;
  const now = store.nowIso();
  const candidate: Record<string, unknown> = { ...store.blank(entity.name), ...values };
  validate(store, entity, candidate);

  switch (entity.name) {
    case 'Tickets':
      candidate.ticketNumber = store.nextTicketNumber(store.now());
      candidate.createDate = now;
      candidate.creatorResourceID = actorId;
      candidate.creatorType = 1;
      candidate.impersonatorCreatorResourceID = options.impersonationResourceId ? API_USER_RESOURCE_ID : null;
      applyTicketEffects(store, null, candidate, actorId);
      break;
    case 'TicketNotes': {
      candidate.createDateTime = now;
      candidate.lastActivityDate = now;
      candidate.creatorResourceID = actorId;
      candidate.impersonatorCreatorResourceID = options.impersonationResourceId ? API_USER_RESOURCE_ID : null;
      const ticket = store.find('Tickets', Number(candidate.ticketID));
      if (ticket) {
        ticket.lastActivityDate = now;
      }
      break;
    }
    case 'TimeEntries':
      candidate.createDateTime = now;
      candidate.lastModifiedDateTime = now;
      candidate.creatorUserID = actorId;
      candidate.hoursToBill = candidate.isNonBillable ? 0 : (candidate.hoursWorked ?? 0);
      break;
    case 'Companies':
      candidate.createDate = now;
      candidate.lastActivityDate = now;
      candidate.lastTrackedModifiedDateTime = now;
      candidate.isActive = candidate.isActive ?? true;
      break;
    case 'Resources':
      break;
  }
  const { id: _ignored, ...rest } = candidate;
  return store.insert(entity.name, rest);
};

export const updateEntity = (
  store: AutotaskStore,
  entity: EntityDefinition,
  rawBody: unknown,
  options: WriteOptions & { replace: boolean },
  parentId?: number,
) => {
  if (!entity.canUpdate) {
    throw autotaskError(500, `The logged in Resource does not have the adequate permissions to update this entity type.`);
  }
  const body = asObject(rawBody);
  const id = Number(keyOf(body, 'id'));
  const existing = Number.isInteger(id) ? store.find(entity.name, id) : undefined;
  if (!existing || (entity.parent && parentId !== undefined && existing[entity.parent.field] !== parentId)) {
    throw autotaskError(500, `Unable to find the ${entity.name} entity with id ${keyOf(body, 'id') ?? ''}.`);
  }
  const values = coerceAll(entity, writableValues(entity, body));
  const base: Record<string, unknown> = { ...existing };
  if (options.replace) {
    for (const f of entity.fields) {
      if (!f.isReadOnly && f.name !== (entity.parent?.field ?? '')) {
        base[f.name] = null;
      }
    }
  }
  const candidate: Record<string, unknown> = { ...base, ...values, id: existing.id };
  if (entity.parent) {
    candidate[entity.parent.field] = existing[entity.parent.field];
  }
  validate(store, entity, candidate);
  const actorId = options.impersonationResourceId ?? API_USER_RESOURCE_ID;
  if (entity.name === 'Tickets') {
    applyTicketEffects(store, existing, candidate, actorId);
  }
  if (entity.name === 'TicketNotes') {
    candidate.lastActivityDate = store.nowIso();
    candidate.impersonatorUpdaterResourceID = options.impersonationResourceId ? API_USER_RESOURCE_ID : null;
  }
  if (entity.name === 'TimeEntries') {
    // Autotask accepts a new ticketID on a time entry and silently keeps the old one.
    candidate.ticketID = existing.ticketID;
    candidate.lastModifiedDateTime = store.nowIso();
  }
  if (entity.name === 'Companies') {
    candidate.lastTrackedModifiedDateTime = store.nowIso();
  }
  Object.assign(existing, candidate);
  return existing;
};

export const entityInfo = (entity: EntityDefinition) => ({
  info: {
    name: entity.name,
    canCreate: entity.canCreate,
    canDelete: entity.canDelete,
    canQuery: true,
    canUpdate: entity.canUpdate,
    userAccessForCreate: entity.canCreate ? 'All' : 'None',
    userAccessForDelete: entity.canDelete ? 'All' : 'None',
    userAccessForQuery: 'All',
    userAccessForUpdate: entity.canUpdate ? 'All' : 'None',
    hasUserDefinedFields: entity.name === 'Companies' || entity.name === 'Tickets',
    supportsWebhookCallouts: entity.name === 'Companies' || entity.name === 'Tickets' || entity.name === 'TicketNotes',
  },
});

export { ENTITIES };
