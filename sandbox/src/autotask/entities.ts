// Field metadata of the Autotask entities the simulator serves, in the shape of
// `GET /V1.0/{Entity}/entityInformation/fields`. Queries, creates and updates are validated
// against it, so the simulator rejects what Autotask rejects (unknown fields, bad picklists).

export type DataType = 'integer' | 'long' | 'short' | 'double' | 'string' | 'datetime' | 'boolean';

export type PicklistValue = {
  value: string;
  label: string;
  isDefaultValue: boolean;
  sortOrder: number;
  parentValue: string;
  isActive: boolean;
  isSystem: boolean;
};

export type FieldInfo = {
  name: string;
  dataType: DataType;
  length: number;
  isRequired: boolean;
  isReadOnly: boolean;
  isQueryable: boolean;
  isReference: boolean;
  referenceEntityType: string;
  isPickList: boolean;
  picklistValues: PicklistValue[] | null;
  picklistParentValueField: string;
  isSupportedWebhookField: boolean;
};

const pick = (values: [number, string, ...([boolean] | [boolean, number] | [])][], defaultValue?: number): PicklistValue[] =>
  values.map(([value, label, isActive = true, parent], index) => ({
    value: String(value),
    label,
    isDefaultValue: value === defaultValue,
    sortOrder: index + 1,
    parentValue: parent === undefined ? '' : String(parent),
    isActive,
    isSystem: value < 100,
  }));

export const PICKLISTS = {
  ticketStatus: pick(
    [
      [1, 'New'],
      [5, 'Complete'],
      [7, 'Waiting Customer'],
      [8, 'In Progress'],
      [9, 'Waiting Materials'],
      [10, 'Dispatched'],
      [11, 'Escalate'],
      [12, 'Waiting Vendor'],
      [13, 'Waiting Approval'],
    ],
    1,
  ),
  ticketPriority: pick(
    [
      [1, 'High'],
      [2, 'Medium'],
      [3, 'Low'],
      [4, 'Critical'],
    ],
    2,
  ),
  queue: pick([
    [5, 'Client Portal'],
    [6, 'Post Sale'],
    [8, 'Monitoring Alert'],
    [29682833, 'Level I Support'],
    [29682969, 'Level II Support'],
    [29683354, 'Recurring Tickets'],
    [29683490, 'Helpdesk'],
    [29683512, 'Old Projects Queue', false],
  ]),
  source: pick([
    [-1, 'Client Portal'],
    [1, 'Other'],
    [2, 'Phone'],
    [4, 'Email'],
    [6, 'In Person/Onsite'],
    [8, 'Monitoring Alert'],
  ]),
  issueType: pick([
    [1, 'Backup'],
    [2, 'Network'],
  ]),
  subIssueType: pick([
    [10, 'Job failed', true, 1],
    [11, 'Storage full', true, 1],
    [20, 'VPN', true, 2],
  ]),
  ticketType: pick([
    [1, 'Service Request'],
    [2, 'Incident'],
    [3, 'Problem'],
    [4, 'Change Request'],
    [5, 'Alert'],
  ]),
  ticketCategory: pick(
    [
      [2, 'Standard'],
      [3, 'AEM Alert'],
    ],
    2,
  ),
  noteType: pick([
    [1, 'Task Summary'],
    [2, 'Task Detail'],
    [3, 'Task Notes'],
    [13, 'Workflow Rule Note'],
    [18, 'Client Portal Note'],
    [99, 'RMM Note'],
    [100, 'BDR Note'],
    [101, 'Email Note'],
  ]),
  publish: pick([
    [1, 'All Autotask Users'],
    [2, 'Internal Project Team'],
    [4, 'Internal & Co-Managed'],
  ]),
  companyType: pick(
    [
      [1, 'Customer'],
      [2, 'Lead'],
      [3, 'Prospect'],
      [7, 'Vendor'],
      [8, 'Partner'],
    ],
    1,
  ),
} as const;

type FieldSpec = Partial<Omit<FieldInfo, 'name' | 'dataType'>> & { name: string; dataType: DataType };

const field = (spec: FieldSpec): FieldInfo => ({
  length: spec.dataType === 'string' ? 50 : 0,
  isRequired: false,
  isReadOnly: false,
  isQueryable: true,
  isReference: false,
  referenceEntityType: '',
  isPickList: false,
  picklistValues: null,
  picklistParentValueField: '',
  isSupportedWebhookField: false,
  ...spec,
});
const id = () => field({ name: 'id', dataType: 'long', isReadOnly: true });
const str = (name: string, length: number, extra: Partial<FieldSpec> = {}) => field({ name, dataType: 'string', length, ...extra });
const ref = (name: string, entity: string, extra: Partial<FieldSpec> = {}) =>
  field({ name, dataType: 'integer', isReference: true, referenceEntityType: entity, ...extra });
const picklist = (name: string, values: PicklistValue[], extra: Partial<FieldSpec> = {}) =>
  field({ name, dataType: 'integer', isPickList: true, picklistValues: values, ...extra });
const date = (name: string, extra: Partial<FieldSpec> = {}) => field({ name, dataType: 'datetime', ...extra });
const readOnly = { isReadOnly: true } as const;

export type EntityName = 'Companies' | 'Tickets' | 'TicketNotes' | 'TimeEntries' | 'Resources';

export type EntityDefinition = {
  name: EntityName;
  fields: FieldInfo[];
  canCreate: boolean;
  canUpdate: boolean;
  canDelete: boolean;
  /** A child entity is created under its parent: POST /{Parent}/{id}/{childPath}. */
  parent?: { entity: EntityName; path: string; field: string };
};

export const ENTITIES: Record<EntityName, EntityDefinition> = {
  Companies: {
    name: 'Companies',
    canCreate: true,
    canUpdate: true,
    canDelete: false,
    fields: [
      id(),
      str('companyName', 100, { isRequired: true }),
      str('companyNumber', 50),
      picklist('companyType', PICKLISTS.companyType, { isRequired: true }),
      field({ name: 'isActive', dataType: 'boolean' }),
      str('phone', 25, { isRequired: true }),
      str('address1', 128),
      str('city', 50),
      str('state', 40),
      str('postalCode', 20),
      str('webAddress', 255),
      ref('ownerResourceID', 'Resource', { isRequired: true }),
      ref('parentCompanyID', 'Company'),
      date('createDate', readOnly),
      date('lastActivityDate', readOnly),
      date('lastTrackedModifiedDateTime', readOnly),
    ],
  },
  Tickets: {
    name: 'Tickets',
    canCreate: true,
    canUpdate: true,
    canDelete: false,
    fields: [
      id(),
      str('ticketNumber', 50, readOnly),
      str('title', 255, { isRequired: true }),
      str('description', 8000),
      picklist('status', PICKLISTS.ticketStatus, { isRequired: true }),
      picklist('priority', PICKLISTS.ticketPriority, { isRequired: true }),
      picklist('queueID', PICKLISTS.queue),
      picklist('source', PICKLISTS.source),
      picklist('issueType', PICKLISTS.issueType),
      picklist('subIssueType', PICKLISTS.subIssueType, { picklistParentValueField: 'issueType' }),
      picklist('ticketType', PICKLISTS.ticketType),
      picklist('ticketCategory', PICKLISTS.ticketCategory),
      ref('companyID', 'Company', { isRequired: true }),
      ref('contactID', 'Contact'),
      ref('assignedResourceID', 'Resource'),
      ref('assignedResourceRoleID', 'Role'),
      str('externalID', 50),
      str('purchaseOrderNumber', 50),
      str('resolution', 32000),
      date('dueDateTime'),
      field({ name: 'estimatedHours', dataType: 'double' }),
      date('createDate', readOnly),
      date('lastActivityDate', readOnly),
      date('completedDate', readOnly),
      ref('completedByResourceID', 'Resource', readOnly),
      ref('creatorResourceID', 'Resource', readOnly),
      field({ name: 'creatorType', dataType: 'integer', isReadOnly: true, isQueryable: false }),
      ref('lastActivityResourceID', 'Resource', readOnly),
      field({ name: 'lastActivityPersonType', dataType: 'integer', isReadOnly: true, isQueryable: false }),
      ref('impersonatorCreatorResourceID', 'Resource', readOnly),
    ],
  },
  TicketNotes: {
    name: 'TicketNotes',
    canCreate: true,
    canUpdate: true,
    canDelete: false,
    parent: { entity: 'Tickets', path: 'notes', field: 'ticketID' },
    fields: [
      id(),
      ref('ticketID', 'Ticket', { isRequired: true }),
      str('title', 250),
      str('description', 32000, { isRequired: true }),
      picklist('noteType', PICKLISTS.noteType, { isRequired: true }),
      picklist('publish', PICKLISTS.publish, { isRequired: true }),
      date('createDateTime', readOnly),
      ref('creatorResourceID', 'Resource', readOnly),
      ref('createdByContactID', 'Contact', readOnly),
      date('lastActivityDate', readOnly),
      ref('impersonatorCreatorResourceID', 'Resource', readOnly),
      ref('impersonatorUpdaterResourceID', 'Resource', readOnly),
    ],
  },
  TimeEntries: {
    name: 'TimeEntries',
    canCreate: true,
    canUpdate: true,
    canDelete: true,
    fields: [
      id(),
      ref('ticketID', 'Ticket'),
      ref('taskID', 'Task'),
      ref('resourceID', 'Resource', { isRequired: true }),
      ref('roleID', 'Role'),
      date('dateWorked'),
      date('startDateTime'),
      date('endDateTime'),
      field({ name: 'hoursWorked', dataType: 'double' }),
      field({ name: 'hoursToBill', dataType: 'double', isReadOnly: true }),
      str('summaryNotes', 32000),
      str('internalNotes', 32000),
      field({ name: 'isNonBillable', dataType: 'boolean' }),
      date('createDateTime', readOnly),
      ref('creatorUserID', 'Resource', readOnly),
      date('lastModifiedDateTime', readOnly),
    ],
  },
  Resources: {
    name: 'Resources',
    canCreate: false,
    canUpdate: true,
    canDelete: false,
    fields: [
      id(),
      str('firstName', 50),
      str('lastName', 50),
      str('email', 254),
      str('userName', 32),
      field({ name: 'isActive', dataType: 'boolean' }),
      str('title', 50),
      ref('defaultServiceDeskRoleID', 'Role'),
    ],
  },
};

/** Canonical entity name from a path segment of any case, or undefined. */
export const entityByPath = (segment: string): EntityDefinition | undefined =>
  Object.values(ENTITIES).find((entity) => entity.name.toLowerCase() === segment.toLowerCase());

/** Canonical field of an entity from a name of any case, or undefined. */
export const fieldOf = (entity: EntityDefinition, name: string): FieldInfo | undefined =>
  entity.fields.find((f) => f.name.toLowerCase() === name.toLowerCase());

export const ROLES = [
  { id: 29682861, name: 'Technician' },
  { id: 29682862, name: 'Engineer' },
] as const;
