// The ConnectWise Manage sandbox's data: companies, boards with their statuses, priorities,
// sources, members, tickets, notes and time entries, seeded from the shared fixture.
import { FIXTURE_COMPANIES, FIXTURE_TECHNICIANS, FIXTURE_TICKETS, SANDBOX_EPOCH } from '#sandbox/fixture';

/** The fixed credentials of the built-in sandbox (documented in sandbox/README.md). */
export const CONNECTWISE_SANDBOX_CREDENTIALS = {
  companyId: 'flightdeck',
  publicKey: 'sandboxpub',
  privateKey: 'sandboxpriv',
  clientId: 'flightdeck-sandbox',
} as const;

export const FIRST_COMPANY_ID = 19300;
export const FIRST_TICKET_ID = 48291;

export type Ref = { id: number; name: string; _info?: Record<string, string> };
export type CwRecord = Record<string, unknown> & { id: number };

export type Board = { id: number; name: string; inactiveFlag: boolean; projectFlag: boolean };
export type BoardStatus = {
  id: number;
  name: string;
  board: Ref;
  sortOrder: number;
  displayOnBoard: boolean;
  inactive: boolean;
  closedStatus: boolean;
  timeEntryNotAllowed: boolean;
  defaultFlag: boolean;
};

/** The API version the sandbox serves (its system/info says v2025.1). */
export const SANDBOX_API_VERSION = '2025.1';

export type ConnectWiseBehaviour = {
  /** Accept a status change with 200 and leave the status as it was (seen on boards with workflow rules). */
  ignoreStatusChanges: boolean;
  /** The `api-current-version` the server answers with (an older Manage: e.g. "2024.1"). */
  apiVersion: string;
  /**
   * Rights the API member's security role lacks (issue 15): a call needing one answers 403
   * {"code":"Security",…} (docs.xyte.io kb-5017; the status is the likely one, unverified).
   */
  deniedRights: ConnectWiseRight[];
  /** The next N API calls meet Cloudflare's rate limit (HealthITAU/pyconnectwise PR #41): a 429 HTML page. */
  cloudflareThrottle: number;
};

export const CONNECTWISE_RIGHTS = [
  'company.read',
  'ticket.read',
  'ticket.create',
  'ticket.update',
  'note.read',
  'note.create',
  'timeentry.read',
  'timeentry.create',
] as const;
export type ConnectWiseRight = (typeof CONNECTWISE_RIGHTS)[number];

const BOARDS: Board[] = [
  { id: 1, name: 'Help Desk', inactiveFlag: false, projectFlag: false },
  { id: 2, name: 'Monitoring', inactiveFlag: false, projectFlag: false },
  { id: 3, name: 'Projects', inactiveFlag: false, projectFlag: true },
  { id: 4, name: 'Tier 2 Support', inactiveFlag: false, projectFlag: false },
];

const STATUS_TEMPLATE: [string, boolean, boolean][] = [
  ['New', false, true],
  ['In Progress', false, false],
  ['Waiting Customer', false, false],
  ['Scheduled', false, false],
  ['Completed', true, false],
  ['Closed', true, false],
];

// Boards and their statuses are the tenant's own; an escalation board with its own status list is
// the usual next tier (statuses belong to a board, so its ids differ from Help Desk's).
const BOARD_STATUSES: Record<number, [string, boolean, boolean][]> = {
  4: [
    ['New', false, true],
    ['In Progress', false, false],
    ['Escalated', false, false],
    ['Waiting Customer', false, false],
    ['Completed', true, false],
    ['Closed', true, false],
  ],
};

export const PRIORITIES = [
  // Colours as Manage names them (CWREST ManageTypes Priority.color: Black|Blue|…|Red|…|Yellow|Custom).
  { id: 1, name: 'Priority 1 - Emergency Response', sortOrder: 1, defaultFlag: false, color: 'Red' },
  { id: 2, name: 'Priority 2 - Quick Response', sortOrder: 2, defaultFlag: false, color: 'Orange' },
  { id: 3, name: 'Priority 3 - Normal Response', sortOrder: 3, defaultFlag: true, color: 'Yellow' },
  { id: 4, name: 'Priority 4 - Schedule Maintenance', sortOrder: 4, defaultFlag: false, color: 'Green' },
];

export const SOURCES = [
  { id: 1, name: 'Email', defaultFlag: false },
  { id: 2, name: 'Phone', defaultFlag: true },
  { id: 3, name: 'Portal', defaultFlag: false },
  { id: 4, name: 'Monitoring Alert', defaultFlag: false },
  { id: 5, name: 'Walk In', defaultFlag: false },
];

export const API_MEMBER = { id: 180, identifier: 'SandboxAPI', name: 'Sandbox API' };

const iso = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

export const createConnectWiseStore = (clock: () => Date = () => new Date()) => {
  const companies = new Map<number, CwRecord>();
  const tickets = new Map<number, CwRecord>();
  const notes = new Map<number, CwRecord>();
  const timeEntries = new Map<number, CwRecord>();
  const members = [
    API_MEMBER,
    ...FIXTURE_TECHNICIANS.map((t, i) => ({ id: 181 + i, identifier: t.userName, name: `${t.firstName} ${t.lastName}` })),
  ];
  const statuses: BoardStatus[] = [];
  const behaviour: ConnectWiseBehaviour = {
    ignoreStatusChanges: false,
    apiVersion: SANDBOX_API_VERSION,
    deniedRights: [],
    cloudflareThrottle: 0,
  };
  const next = { company: FIRST_COMPANY_ID, ticket: FIRST_TICKET_ID, note: 900001, time: 700001 };

  const nowIso = () => iso(clock());
  const info = (at: string) => ({ lastUpdated: at, dateEntered: at, enteredBy: API_MEMBER.identifier, updatedBy: API_MEMBER.identifier });

  const companyRef = (company: CwRecord) => ({
    id: company.id,
    identifier: company.identifier,
    name: company.name,
    _info: { company_href: `/company/companies/${company.id}` },
  });

  const addCompany = (values: { name: string; identifier: string; city?: string; active?: boolean }) => {
    const at = nowIso();
    const company: CwRecord = {
      id: next.company++,
      identifier: values.identifier,
      name: values.name,
      status: values.active === false ? { id: 2, name: 'Inactive' } : { id: 1, name: 'Active' },
      types: [{ id: 1, name: 'Client' }],
      city: values.city ?? null,
      phoneNumber: '5550100',
      deletedFlag: false,
      dateAcquired: at,
      _info: info(at),
    };
    companies.set(company.id, company);
    return company;
  };

  const addNote = (ticketId: number, values: Record<string, unknown>, member = API_MEMBER) => {
    const at = nowIso();
    const detail = values.detailDescriptionFlag === true;
    const internal = values.internalAnalysisFlag === true;
    const resolution = values.resolutionFlag === true;
    const note: CwRecord = {
      id: next.note++,
      ticketId,
      text: String(values.text),
      detailDescriptionFlag: detail,
      internalAnalysisFlag: internal,
      resolutionFlag: resolution,
      issueFlag: values.issueFlag === true,
      member: { id: member.id, identifier: member.identifier, name: member.name },
      customerUpdatedFlag: false,
      processNotifications: values.processNotifications !== false,
      dateCreated: at,
      createdBy: member.identifier,
      internalFlag: internal,
      externalFlag: detail || resolution,
      _info: { lastUpdated: at, updatedBy: member.identifier },
    };
    notes.set(note.id, note);
    return note;
  };

  const addTimeEntry = (ticket: CwRecord, hours: number, member = members[1] ?? API_MEMBER, text = 'Work logged in the sandbox.') => {
    const end = clock();
    const start = new Date(end.getTime() - hours * 3_600_000);
    const entry: CwRecord = {
      id: next.time++,
      company: ticket.company,
      chargeToId: ticket.id,
      chargeToType: 'ServiceTicket',
      member: { id: member.id, identifier: member.identifier, name: member.name },
      timeStart: iso(start),
      timeEnd: iso(end),
      actualHours: hours,
      billableOption: 'Billable',
      notes: text,
      _info: info(iso(end)),
    };
    timeEntries.set(entry.id, entry);
    ticket.actualHours = Number(ticket.actualHours ?? 0) + hours;
    return entry;
  };

  const seed = () => {
    companies.clear();
    tickets.clear();
    notes.clear();
    timeEntries.clear();
    statuses.length = 0;
    behaviour.ignoreStatusChanges = false;
    behaviour.apiVersion = SANDBOX_API_VERSION;
    behaviour.deniedRights = [];
    behaviour.cloudflareThrottle = 0;
    Object.assign(next, { company: FIRST_COMPANY_ID, ticket: FIRST_TICKET_ID, note: 900001, time: 700001 });
    let statusId = 1;
    for (const board of BOARDS) {
      (BOARD_STATUSES[board.id] ?? STATUS_TEMPLATE).forEach(([name, closed, isDefault], index) => {
        statuses.push({
          id: statusId++,
          name,
          board: { id: board.id, name: board.name },
          sortOrder: index,
          displayOnBoard: true,
          inactive: false,
          closedStatus: closed,
          timeEntryNotAllowed: closed,
          defaultFlag: isDefault,
        });
      });
    }
    const seeded = FIXTURE_COMPANIES.map((c) => addCompany({ name: c.name, identifier: c.number, city: c.city, active: c.active }));
    const epoch = new Date(SANDBOX_EPOCH);
    FIXTURE_TICKETS.forEach((t, index) => {
      const company = seeded[t.company] as CwRecord;
      const at = iso(new Date(epoch.getTime() + index * 3_600_000));
      const status = statuses.find((s) => s.board.id === 1 && s.name === (t.closed ? 'Closed' : 'New')) as BoardStatus;
      const ticket: CwRecord = {
        id: next.ticket++,
        summary: t.title.slice(0, 100),
        recordType: 'ServiceTicket',
        board: { id: 1, name: 'Help Desk' },
        status: { id: status.id, name: status.name },
        company: companyRef(company),
        priority: { id: 3, name: PRIORITIES[2]?.name, sort: 3 },
        source: { id: 4, name: 'Monitoring Alert' },
        externalXRef: null,
        closedFlag: t.closed,
        closedDate: t.closed ? at : null,
        closedBy: t.closed ? API_MEMBER.identifier : null,
        actualHours: 0,
        _info: info(at),
      };
      tickets.set(ticket.id, ticket);
      addNote(ticket.id, { text: t.title, detailDescriptionFlag: true });
      if (t.hoursLogged > 0) {
        addTimeEntry(ticket, t.hoursLogged);
      }
    });
  };

  seed();

  return {
    behaviour,
    nowIso,
    info,
    seed,
    companies,
    tickets,
    notes,
    timeEntries,
    members,
    statuses,
    boards: BOARDS,
    addCompany,
    addNote,
    addTimeEntry,
    companyRef,
    nextTicketId: () => next.ticket++,
    /** A time entry exactly as a client sent it (issue 15): its member, times and charge-to. */
    insertTimeEntry: (values: Omit<CwRecord, 'id'>) => {
      const entry = { ...values, id: next.time++, _info: info(nowIso()) } as CwRecord;
      timeEntries.set(entry.id, entry);
      return entry;
    },
  };
};

export type ConnectWiseStore = ReturnType<typeof createConnectWiseStore>;
