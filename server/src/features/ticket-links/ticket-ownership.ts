// B6.2 / I3: a ticket may only be linked to a subject (run or FlowPilot session) whose customer is
// mapped to the ticket's PSA company. Linking across customers would post one customer's notes on
// another's ticket, so a mismatch is refused with both companies named.
import { AppError } from '#src/lib/app-error';
import type { RequestContext } from '#src/lib/context';
import { PSA_LABELS, type PsaKind, type PsaProvider, type PsaTicket } from '#src/psa/psa-provider';

export type CustomerMapping = { customerName: string; kind: PsaKind; companyId: string; companyName: string | null };

export const assertTicketOfCustomer = async (
  ctx: RequestContext,
  provider: PsaProvider,
  ticket: PsaTicket,
  mapping: CustomerMapping,
  field = 'ticketNumber',
) => {
  if (ticket.companyId === mapping.companyId) {
    return;
  }
  // Name the ticket's company when the PSA still knows it; the id alone is a fair fallback.
  const owner = await provider.findCompany(ctx, ticket.companyId).catch(() => null);
  const label = PSA_LABELS[mapping.kind];
  const ownerName = owner ? `${owner.name} (${label} company ${owner.id})` : `${label} company ${ticket.companyId}`;
  const mappedName = `${mapping.companyName ?? 'its mapped company'} (${label} company ${mapping.companyId})`;
  ctx.log.warn(
    { ticketId: ticket.id, ticketCompanyId: ticket.companyId, mappedCompanyId: mapping.companyId },
    'cross-customer ticket link refused',
  );
  throw new AppError(
    'invalid_input',
    `Ticket ${ticket.number} belongs to ${ownerName}, but ${mapping.customerName} is mapped to ${mappedName}. Link a ticket of ${mapping.customerName}'s company.`,
    {
      reason: 'ticket_company_mismatch',
      ticketCompanyId: ticket.companyId,
      mappedCompanyId: mapping.companyId,
      fieldErrors: [{ path: field, message: `Belongs to ${ownerName}` }],
    },
  );
};
