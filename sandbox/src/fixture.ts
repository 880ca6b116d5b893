// The deterministic world both PSA sandboxes start from: the same customer companies (with
// provider-specific ids), technicians, and a few tickets with and without time entries. Tests
// and the demo rely on these names and ids, so change them only together with their users.

export const SANDBOX_EPOCH = '2026-11-02T08:00:00.000Z';

export type FixtureCompany = { name: string; number: string; city: string; active: boolean };

export const FIXTURE_COMPANIES: readonly FixtureCompany[] = [
  { name: 'Northwind Traders', number: 'NORTHWIND', city: 'Seattle', active: true },
  { name: 'Contoso Dental Group', number: 'CONTOSO', city: 'Redmond', active: true },
  { name: 'Fabrikam Logistics', number: 'FABRIKAM', city: 'Tacoma', active: true },
  { name: 'Adatum Legal LLP', number: 'ADATUM', city: 'Portland', active: true },
  { name: 'Tailspin Toys', number: 'TAILSPIN', city: 'Boise', active: true },
  { name: 'Woodgrove Accounting', number: 'WOODGROVE', city: 'Spokane', active: true },
  { name: 'Litware Architects', number: 'LITWARE', city: 'Eugene', active: true },
  { name: 'Proseware Family Clinic', number: 'PROSEWARE', city: 'Salem', active: true },
  { name: 'Wingtip Hotels', number: 'WINGTIP', city: 'Olympia', active: true },
  { name: 'Alpine Ski House', number: 'ALPINE', city: 'Bend', active: true },
  { name: 'Coho Winery', number: 'COHO', city: 'Walla Walla', active: true },
  { name: 'Lucerne Publishing', number: 'LUCERNE', city: 'Vancouver', active: true },
  { name: 'Trey Research (former client)', number: 'TREY', city: 'Yakima', active: false },
];

export type FixtureTechnician = { firstName: string; lastName: string; userName: string; email: string };

export const FIXTURE_TECHNICIANS: readonly FixtureTechnician[] = [
  { firstName: 'Sam', lastName: 'Rivera', userName: 'srivera', email: 'sam.rivera@msp.example' },
  { firstName: 'Priya', lastName: 'Nair', userName: 'pnair', email: 'priya.nair@msp.example' },
];

/** Tickets every sandbox starts with; index into FIXTURE_COMPANIES, hours of time logged (0 = none). */
export const FIXTURE_TICKETS: readonly { company: number; title: string; hoursLogged: number; closed: boolean }[] = [
  { company: 0, title: 'Veeam job "Daily Servers" failed on HV01', hoursLogged: 0, closed: false },
  { company: 1, title: 'Synology Hyper Backup warning: destination almost full', hoursLogged: 1.5, closed: false },
  { company: 2, title: 'Printer offline in warehouse office', hoursLogged: 0.5, closed: true },
  { company: 3, title: 'Outlook keeps asking for a password after reset', hoursLogged: 0, closed: false },
];

/** The names Flightdeck's defaults look for (B4.4): source Monitoring Alert, queue Helpdesk, status New. */
export const DEFAULT_NAMES = { source: 'Monitoring Alert', queue: 'Helpdesk', status: 'New' } as const;
