// Points the demo account at the in-process PSA sandboxes on every start (their ports change)
// and, the first time, loads their reference data and adds a few customers mapped to sandbox
// companies. Everything goes through the same services an admin would use.
import type { Sandboxes } from '@flightdeck/sandbox/start-sandboxes';
import { AUTOTASK_SANDBOX_CREDENTIALS, CONNECTWISE_SANDBOX_CREDENTIALS } from '@flightdeck/sandbox/start-sandboxes';
import type { IntegrationView } from '#src/features/integrations/integrations.schemas';
import type { RequestContext } from '#src/lib/context';
import type { PsaKind } from '#src/psa/psa-provider';
import type { Services } from '#src/services';
import { seedDemoPilotSessions } from './seed-demo-pilot';

/** Demo customers and the sandbox companies they map to (ids from sandbox/src/fixture.ts). */
export const DEMO_CUSTOMERS: { name: string; mapping: { kind: PsaKind; companyId: string } | null }[] = [
  { name: 'Northwind Traders', mapping: { kind: 'autotask', companyId: '174' } },
  { name: 'Contoso Dental', mapping: { kind: 'autotask', companyId: '175' } },
  { name: 'Fabrikam Logistics', mapping: { kind: 'connectwise', companyId: '19302' } },
  { name: 'Adatum Legal', mapping: { kind: 'connectwise', companyId: '19303' } },
  { name: 'Tailspin Toys', mapping: null },
];

const common = (current: IntegrationView, baseUrl: string) => ({
  enabled: true,
  environment: 'sandbox' as const,
  flightdeckBaseUrl: baseUrl,
  ticketDefaults: current.ticketDefaults,
  allowResolving: current.allowResolving,
  allowManualTicketNumbers: current.allowManualTicketNumbers,
  apiLogLevel: current.configured ? current.apiLogLevel : ('all' as const),
});

/** The demo admin acting, for seeding through the same services people use; null if gone. */
export const demoAdminContext = async (
  services: Services,
  accountId: string,
  log: RequestContext['log'],
): Promise<RequestContext | null> => {
  const bootstrap: RequestContext = {
    accountId,
    actor: { kind: 'user', userId: 'demo-seed', role: 'admin', sessionId: null },
    requestId: 'demo-seed',
    log,
  };
  const admin = (await services.users.listUsers(bootstrap)).find((u) => u.role === 'admin' && u.active);
  return admin ? { ...bootstrap, actor: { kind: 'user', userId: admin.id, role: 'admin', sessionId: null } } : null;
};

export const seedDemoIntegrations = async (
  services: Services,
  accountId: string,
  options: { sandboxes: Sandboxes; baseUrl: string; log: RequestContext['log'] },
) => {
  const ctx = await demoAdminContext(services, accountId, options.log);
  if (!ctx) {
    return;
  }
  const [autotask, connectwise] = await Promise.all([
    services.integrations.getIntegration(ctx, 'autotask'),
    services.integrations.getIntegration(ctx, 'connectwise'),
  ]);
  const firstStart = !autotask.configured && !connectwise.configured;
  // An admin who pointed the demo elsewhere keeps their choice; only sandbox configurations follow the ports.
  if (!autotask.configured || autotask.environment === 'sandbox') {
    await services.integrations.saveIntegration(ctx, 'autotask', {
      kind: 'autotask',
      ...common(autotask, options.baseUrl),
      apiUrl: options.sandboxes.autotask.apiUrl,
      username: AUTOTASK_SANDBOX_CREDENTIALS.username,
      secret: AUTOTASK_SANDBOX_CREDENTIALS.secret,
      integrationCode: AUTOTASK_SANDBOX_CREDENTIALS.integrationCode,
    });
  }
  if (!connectwise.configured || connectwise.environment === 'sandbox') {
    await services.integrations.saveIntegration(ctx, 'connectwise', {
      kind: 'connectwise',
      ...common(connectwise, options.baseUrl),
      // The demo tenant is a cloud one: the site's UI host for links, its api- host for calls (issue 15).
      siteUrl: options.sandboxes.connectwise.cloud.siteUrl,
      codebase: 'v4_6_release',
      companyId: CONNECTWISE_SANDBOX_CREDENTIALS.companyId,
      publicKey: CONNECTWISE_SANDBOX_CREDENTIALS.publicKey,
      clientId: CONNECTWISE_SANDBOX_CREDENTIALS.clientId,
      privateKey: CONNECTWISE_SANDBOX_CREDENTIALS.privateKey,
    });
  }
  if (!firstStart) {
    return;
  }
  await services.integrations.refreshReferenceData(ctx, 'autotask', {});
  await services.integrations.refreshReferenceData(ctx, 'connectwise', {});
  for (const kind of ['autotask', 'connectwise'] as const) {
    await services.integrations.testConnection(ctx, kind);
  }
  for (const demo of DEMO_CUSTOMERS) {
    const customer = await services.customers.createCustomer(ctx, { name: demo.name, notes: '' });
    if (demo.mapping) {
      await services.customers.mapCustomer(ctx, customer.id, demo.mapping);
    }
  }
  // Issue 16: the templates the offline playbooks' fixes point at.
  await services.scriptLibrary.seedStarterLibrary(ctx);
  await seedDemoPilotSessions(services, ctx);
};
