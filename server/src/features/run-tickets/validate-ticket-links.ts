// B7.3: re-checks the account's active ticket links against each enabled PSA, a page of links at
// a time handed to the provider whole — it packs the ids into as few queries as the PSA allows
// (Autotask 500 per query, ConnectWise by URL length; issue 14) — marking tickets that are gone as deleted in PSA and refreshing the status of the
// rest. An outage stops the run and changes nothing further.
import { withTenant } from '#src/db/tenant';
import type { RequestContext } from '#src/lib/context';
import type { RunTicketsDeps } from './run-ticket-tools';

const PAGE = 1000;

export const validateTicketLinks = async (deps: RunTicketsDeps, ctx: RequestContext) => {
  const totals = { checked: 0, deleted: 0, pages: 0 };
  for (const kind of await deps.integrations.listEnabledKinds(ctx)) {
    const provider = await deps.connections.providerFor(ctx, kind);
    for (let after: string | null = null; ; ) {
      const cursor: string | null = after;
      const page: { id: string; ticket_id: string }[] = await withTenant(deps.database, ctx, (tx) =>
        deps.links.listActiveValidatedLinks(tx, kind, cursor, PAGE),
      );
      if (page.length === 0) {
        break;
      }
      const found = new Map(
        (
          await provider.findTickets(
            ctx,
            page.map((l) => l.ticket_id),
          )
        ).map((t) => [t.id, t]),
      );
      totals.pages += 1;
      const at = deps.clock.now();
      await withTenant(deps.database, ctx, async (tx) => {
        for (const link of page) {
          const ticket = found.get(link.ticket_id);
          if (ticket) {
            await deps.links.saveStatusSnapshot(tx, link.id, ticket, at);
          } else {
            await deps.links.setLinkState(tx, link.id, 'deleted_external', at);
            totals.deleted += 1;
          }
        }
      });
      totals.checked += page.length;
      after = page[page.length - 1]?.id ?? null;
    }
  }
  ctx.log.info(totals, 'ticket links validated');
  return totals;
};
