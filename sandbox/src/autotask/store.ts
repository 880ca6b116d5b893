// The Autotask sandbox's database: records per entity, seeded from the shared fixture, plus the
// per-day ticket number sequence and the behaviour switches tests can flip.
import { FIXTURE_COMPANIES, FIXTURE_TECHNICIANS, FIXTURE_TICKETS, SANDBOX_EPOCH } from '#sandbox/fixture';
import { ENTITIES, type EntityName, ROLES } from './entities';

export type AutotaskRecord = Record<string, unknown> & { id: number; userDefinedFields: { name: string; value: string | null }[] };

/** The fixed credentials of the built-in sandbox (documented in sandbox/README.md). */
export const AUTOTASK_SANDBOX_CREDENTIALS = {
  username: 'sandbox-api@flightdeck.local',
  secret: 'sandbox-secret',
  integrationCode: 'FLIGHTDECKSANDBOX',
} as const;

export const API_USER_RESOURCE_ID = 29682885;
export const FIRST_COMPANY_ID = 174;
export const FIRST_TICKET_ID = 7001;

export type AutotaskBehaviour = {
  /** "Require titles on ticket notes" (a ticket-category setting on real tenants). */
  requireNoteTitles: boolean;
  /** Answer GET /{Entity}/{unknown id} with 404 instead of 200 {"item":null}. */
  notFoundAs404: boolean;
  /** Compare strings case-sensitively in filters (real tenants use a case-insensitive collation). */
  caseSensitiveStrings: boolean;
  /** Requests per rolling 60 minutes before 429 (Autotask's default is 10,000 per database). */
  requestThreshold: number;
  /** Concurrent requests per (integration code × entity endpoint) before the thread threshold; 0 disables. */
  threadLimit: number;
  /**
   * The status the thread-threshold refusal comes with: 429, or — as production reports say it
   * may (psa-field-notes.md, n8n CHANGELOG v2.23) — 500, or even 200 with the error body.
   */
  threadLimitStatus: 200 | 429 | 500;
  /**
   * The next n API requests are refused with the thread threshold, as if another process with the
   * same integration code held the threads (deterministic, for tests of the client's back-off).
   */
  threadThresholdNext: number;
  /** Extra time each API request takes while it counts against the thread limit. */
  latencyMs: number;
  /**
   * Contested (psa-field-notes.md): one field document says PATCH on Tickets is refused; other
   * clients use it. `refused` answers PATCH /Tickets as an unsupported verb (405); PUT still works.
   */
  ticketPatch: 'accepted' | 'refused';
  /** Note types the tenant deactivated (tenants can; Flightdeck used to always send 3, Task Notes). */
  inactiveNoteTypes: number[];
};

export const DEFAULT_BEHAVIOUR: AutotaskBehaviour = {
  requireNoteTitles: false,
  notFoundAs404: false,
  caseSensitiveStrings: false,
  requestThreshold: 10_000,
  threadLimit: 3,
  threadLimitStatus: 429,
  threadThresholdNext: 0,
  latencyMs: 0,
  ticketPatch: 'accepted',
  inactiveNoteTypes: [],
};

const iso = (date: Date) => date.toISOString();

export const createAutotaskStore = (clock: () => Date = () => new Date()) => {
  const tables = new Map<EntityName, Map<number, AutotaskRecord>>();
  const nextIds = new Map<EntityName, number>();
  const ticketSequence = new Map<string, number>();
  const behaviour: AutotaskBehaviour = { ...DEFAULT_BEHAVIOUR };

  const table = (entity: EntityName) => {
    let rows = tables.get(entity);
    if (!rows) {
      rows = new Map();
      tables.set(entity, rows);
    }
    return rows;
  };

  /** A record with every field of the entity present (null when unset), as Autotask returns it. */
  const blank = (entity: EntityName): AutotaskRecord => {
    const record: Record<string, unknown> = {};
    for (const f of ENTITIES[entity].fields) {
      record[f.name] = null;
    }
    return { ...record, id: 0, userDefinedFields: [] };
  };

  const insert = (entity: EntityName, values: Record<string, unknown>, id?: number): AutotaskRecord => {
    const newId = id ?? nextIds.get(entity) ?? 1;
    nextIds.set(entity, Math.max(nextIds.get(entity) ?? 1, newId + 1));
    const record = { ...blank(entity), ...values, id: newId } as AutotaskRecord;
    table(entity).set(newId, record);
    return record;
  };

  const nextTicketNumber = (now: Date) => {
    const day = iso(now).slice(0, 10).replaceAll('-', '');
    const n = (ticketSequence.get(day) ?? 0) + 1;
    ticketSequence.set(day, n);
    return `T${day}.${String(n).padStart(4, '0')}`;
  };

  const seed = () => {
    tables.clear();
    nextIds.clear();
    ticketSequence.clear();
    Object.assign(behaviour, DEFAULT_BEHAVIOUR);
    nextIds.set('Companies', FIRST_COMPANY_ID);
    nextIds.set('Tickets', FIRST_TICKET_ID);
    nextIds.set('TicketNotes', 30001);
    nextIds.set('TimeEntries', 50001);
    const epoch = new Date(SANDBOX_EPOCH);
    const at = iso(epoch);

    insert(
      'Resources',
      { firstName: 'Sandbox', lastName: 'API', email: 'api@msp.example', userName: 'sandbox-api', isActive: true },
      API_USER_RESOURCE_ID,
    );
    const technicians = FIXTURE_TECHNICIANS.map((t, index) =>
      insert('Resources', { ...t, isActive: true, title: 'Technician', defaultServiceDeskRoleID: ROLES[0].id }, 29682890 + index),
    );
    // Company 0 is the MSP's own company and always exists.
    insert('Companies', { companyName: 'Flightdeck Sandbox MSP', companyNumber: 'OWN', companyType: 1, isActive: true, createDate: at }, 0);
    const companies = FIXTURE_COMPANIES.map((c) =>
      insert('Companies', {
        companyName: c.name,
        companyNumber: c.number,
        companyType: 1,
        isActive: c.active,
        city: c.city,
        phone: '555-0100',
        ownerResourceID: technicians[0]?.id ?? null,
        createDate: at,
        lastActivityDate: at,
        lastTrackedModifiedDateTime: at,
      }),
    );
    FIXTURE_TICKETS.forEach((t, index) => {
      const created = new Date(epoch.getTime() + index * 3_600_000);
      const ticket = insert('Tickets', {
        ticketNumber: nextTicketNumber(created),
        title: t.title,
        description: t.title,
        status: t.closed ? 5 : 1,
        priority: 2,
        queueID: 29683490,
        source: 8,
        companyID: companies[t.company]?.id ?? 0,
        creatorResourceID: API_USER_RESOURCE_ID,
        creatorType: 1,
        createDate: iso(created),
        lastActivityDate: iso(created),
        completedDate: t.closed ? iso(created) : null,
        completedByResourceID: t.closed ? technicians[0]?.id : null,
      });
      if (t.hoursLogged > 0) {
        insert('TimeEntries', {
          ticketID: ticket.id,
          resourceID: technicians[0]?.id,
          roleID: ROLES[0].id,
          dateWorked: `${iso(created).slice(0, 10)}T00:00:00.000Z`,
          hoursWorked: t.hoursLogged,
          hoursToBill: t.hoursLogged,
          summaryNotes: 'Investigated the alert.',
          createDateTime: iso(created),
        });
      }
    });
  };

  seed();

  return {
    behaviour,
    now: () => clock(),
    nowIso: () => iso(clock()),
    seed,
    insert,
    blank,
    nextTicketNumber,
    find: (entity: EntityName, id: number) => table(entity).get(id),
    all: (entity: EntityName) => [...table(entity).values()].sort((a, b) => a.id - b.id),
    remove: (entity: EntityName, id: number) => table(entity).delete(id),
    resources: () => [...table('Resources').values()],
  };
};

export type AutotaskStore = ReturnType<typeof createAutotaskStore>;
