// The demo's FlowPilot incidents: one ConnectWise ticket worked with the offline pilot (questions
// and checks already proposed), and one without a ticket. Seeded through the same services, once.
import type { RequestContext } from '#src/lib/context';
import type { Services } from '#src/services';

export const DEMO_INCIDENTS = [
  {
    title: 'Outlook keeps asking for the password',
    // Adatum's own ticket in the ConnectWise sandbox (the fixture's "Outlook keeps asking for a
    // password after reset"): a demo link must pass the same company check as any other (B6.2).
    customer: 'Adatum Legal',
    contact: 'Dana Reyes',
    priority: 'high' as const,
    ticketNumber: '48294',
    opening: 'Since this morning Dana gets a password prompt in Outlook every few minutes. She changed her password yesterday.',
  },
  {
    title: 'VPN does not connect from home',
    customer: 'Northwind Traders',
    contact: 'Sam Patel',
    priority: 'normal' as const,
    ticketNumber: null,
    opening: 'Sam cannot connect to the VPN from home since the weekend; the office works.',
  },
];

export const seedDemoPilotSessions = async (services: Services, ctx: RequestContext) => {
  const customers = await services.customers.listCustomers(ctx, { mapping: 'all' });
  for (const incident of DEMO_INCIDENTS) {
    const customer = customers.find((c) => c.name === incident.customer);
    const session = await services.pilotSessions.createSession(ctx, {
      title: incident.title,
      customerId: customer?.id ?? null,
      contact: incident.contact,
      priority: incident.priority,
      ticketNumber: customer ? incident.ticketNumber : null,
    });
    await services.pilotConversation.sendMessage(ctx, session.id, incident.opening);
  }
};
