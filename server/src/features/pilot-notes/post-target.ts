// The ticket a FlowPilot document goes to: the session's linked ticket, still in the PSA, and
// still of the session's customer's company (B6.2: never one customer's notes on another's
// ticket, even over a link made before links were checked). Shared by Resolve, Escalate and
// Share update.
import { assertTicketOfCustomer } from '#src/features/ticket-links/ticket-ownership';
import { AppError } from '#src/lib/app-error';
import type { RequestContext } from '#src/lib/context';
import { PSA_LABELS, type PsaKind } from '#src/psa/psa-provider';
import type { SessionNotesDeps } from './session-notes.service';

type Row = {
  ticket_id: string | null;
  ticket_number: string | null;
  psa_kind: string | null;
  customer_id: string | null;
  customer_name: string | null;
};

export const postTarget = async (deps: Pick<SessionNotesDeps, 'connections' | 'customers'>, ctx: RequestContext, row: Row) => {
  const psaKind = row.psa_kind as PsaKind;
  const label = PSA_LABELS[psaKind];
  const provider = await deps.connections.providerFor(ctx, psaKind);
  const ticket = await provider.findTicket(ctx, row.ticket_id as string);
  if (!ticket) {
    throw new AppError('invalid_state', `Ticket ${row.ticket_number} was deleted in ${label}. Unlink it or link another ticket.`, {
      reason: 'ticket_deleted',
    });
  }
  const mapping = row.customer_id ? (await deps.customers.getCustomer(ctx, row.customer_id)).psaMapping : null;
  if (mapping && row.customer_name) {
    await assertTicketOfCustomer(ctx, provider, ticket, {
      customerName: row.customer_name,
      kind: mapping.kind,
      companyId: mapping.companyId,
      companyName: mapping.companyName,
    });
  }
  return { psaKind, label, provider, ticket };
};
