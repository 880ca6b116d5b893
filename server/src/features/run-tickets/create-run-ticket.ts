// B4: Create ticket — exactly one PSA ticket per run, even with double clicks, two operators,
// retries, a PSA slower than our timeout, and a crash between the PSA call and our commit.
//
// 1. Under a row lock on the run: an active link means the ticket exists (return it); otherwise
//    take the run's claim, which carries a deterministic key for this attempt. A claim held by a
//    live request refuses the caller; a stale one (its holder died) or an uncertain one is taken
//    over, keeping its key.
// 2. Ask the PSA for a ticket stamped with the key (an earlier attempt may have got through) and
//    adopt it. If none is there but an earlier attempt's outcome is unknown and younger than the
//    settle window, refuse: that request may still land in the PSA. Otherwise create the ticket
//    with the key stamped on it.
// 3. A create that fails with an unknown outcome (timeout, dropped connection, 5xx) asks again by
//    key; if the ticket is not there (yet), the claim stays as `uncertain` with its key. A create
//    the PSA refused outright releases the claim.
// 4. Under the run lock again: store the active link (the unique index is the last guard) and
//    drop the claim. ADR 6 draws this as a state machine.
import { statusColumnsOf } from '#src/features/ticket-links/ticket-links.repository';
import { AppError } from '#src/lib/app-error';
import { type RequestContext, requireRole, userIdOf } from '#src/lib/context';
import type { PsaProvider, PsaTicket, TicketDraft } from '#src/psa/psa-provider';
import type { RunTicketsDeps, RunTicketTools } from './run-ticket-tools';
import type { RunForTicket } from './run-tickets.repository';
import { jobDetailsUrl, type TicketRun, ticketDescription, ticketTitle } from './ticket-description';

/** A claim older than this belongs to a request that died; PSA calls are bounded well below it. */
export const CLAIM_LEASE_MS = 2 * 60_000;

/**
 * How long after an attempt with an unknown outcome the PSA may still store its ticket. A request
 * that outlived our client timeout is normally finished within seconds; two minutes also covers a
 * PSA that queues writes under load. Until then a missing ticket proves nothing.
 */
export const UNCERTAIN_SETTLE_MS = 2 * 60_000;

/** Deterministic per run and attempt; fits Autotask's 50-character externalID. */
export const ticketKeyFor = (runId: string, attempt: number) => `fd-run-${runId.replaceAll('-', '')}-${attempt}`;

type Claim = { key: string; claimedAt: Date; uncertainSince: Date | null };

const inProgress = () =>
  new AppError('conflict', 'A ticket is being created for this run right now. Refresh in a moment.', {
    reason: 'ticket_creation_in_progress',
  });

/** An outcome we cannot know: the request may have reached the PSA and been stored. */
const outcomeUnknown = (error: unknown) => !(error instanceof AppError) || error.code === 'upstream_unavailable';

const claimRun = async (deps: RunTicketsDeps, tools: RunTicketTools, ctx: RequestContext, runId: string) =>
  tools.inTenant(ctx, async (tx): Promise<{ existing: true } | ({ existing: false } & Claim)> => {
    await deps.links.lockRun(tx, runId);
    if (await deps.links.findActiveRunLink(tx, runId)) {
      return { existing: true };
    }
    const now = deps.clock.now();
    const claim = await deps.links.findClaim(tx, runId);
    if (!claim) {
      const key = ticketKeyFor(runId, (await deps.links.countRunLinks(tx, runId)) + 1);
      await deps.links.insertClaim(tx, {
        account_id: ctx.accountId,
        backup_run_id: runId,
        external_key: key,
        claimed_by: userIdOf(ctx),
        claimed_at: now,
      });
      return { existing: false, key, claimedAt: now, uncertainSince: null };
    }
    const uncertain = claim.state === 'uncertain';
    if (!uncertain && now.getTime() - claim.claimed_at.getTime() < CLAIM_LEASE_MS) {
      throw inProgress();
    }
    if (!(await deps.links.takeOverClaim(tx, runId, claim.claimed_at, userIdOf(ctx), now))) {
      throw inProgress();
    }
    ctx.log.warn({ runId, key: claim.external_key, state: claim.state }, 'took over a ticket claim; searching the PSA by its key first');
    // A dead holder's create was as uncertain as a timed-out one.
    return { existing: false, key: claim.external_key, claimedAt: now, uncertainSince: claim.claimed_at };
  });

/** The claim stays, with its key, until the PSA shows the ticket or the settle window has passed. */
const markUncertain = (deps: RunTicketsDeps, tools: RunTicketTools, ctx: RequestContext, runId: string, since: Date, error: string) =>
  tools.inTenant(ctx, (tx) => deps.links.markClaimUncertain(tx, runId, since, error.slice(0, 1000)));

const releaseClaim = (deps: RunTicketsDeps, tools: RunTicketTools, ctx: RequestContext, runId: string) =>
  tools.inTenant(ctx, (tx) => deps.links.deleteClaim(tx, runId));

export const ticketRunOf = async (deps: RunTicketsDeps, tools: RunTicketTools, ctx: RequestContext, run: RunForTicket, baseUrl: string) => {
  const objects = await tools.inTenant(ctx, (tx) => deps.runTickets.listProblemObjects(tx, run.id));
  const ticketRun: TicketRun = {
    customerName: run.customer_name ?? '',
    jobName: run.job_name,
    backupType: run.backup_type,
    status: run.status as TicketRun['status'],
    runAt: run.run_at,
    timezone: run.timezone,
    remark: run.remark,
    problemObjects: objects.map((o) => ({ name: o.name, status: o.status, messages: o.messages as string[] })),
    jobDetailsUrl: jobDetailsUrl(baseUrl, run.job_id, run.id),
  };
  return ticketRun;
};

/** Finds the ticket an earlier attempt stamped with this key, if any. */
const findByKey = async (provider: PsaProvider, ctx: RequestContext, key: string): Promise<PsaTicket | null> =>
  (await provider.findTicketsByExternalKey(ctx, key))[0] ?? null;

const uncertainError = (since: Date, settlesAt: Date) =>
  new AppError(
    'upstream_unavailable',
    `The PSA did not confirm the ticket from the attempt at ${since.toISOString()}; it may still appear there. ` +
      `Flightdeck keeps that attempt's key and will not create a second ticket: try again in a moment ` +
      `(it creates a new one only if none has appeared by ${settlesAt.toISOString()}).`,
    { reason: 'ticket_creation_uncertain', uncertainSince: since.toISOString(), settlesAt: settlesAt.toISOString() },
  );

type CreateOutcome = { ticket: PsaTicket; outcome: 'created' | 'adopted' };

const createOrAdopt = async (
  deps: RunTicketsDeps,
  tools: RunTicketTools,
  ctx: RequestContext,
  provider: PsaProvider,
  runId: string,
  claim: Claim,
  draft: TicketDraft,
): Promise<CreateOutcome> => {
  const earlier = await findByKey(provider, ctx, draft.externalKey);
  if (earlier) {
    return { ticket: earlier, outcome: 'adopted' };
  }
  if (claim.uncertainSince) {
    const settlesAt = new Date(claim.uncertainSince.getTime() + UNCERTAIN_SETTLE_MS);
    if (deps.clock.now() < settlesAt) {
      await markUncertain(deps, tools, ctx, runId, claim.uncertainSince, 'waiting for the PSA to settle an earlier attempt');
      throw uncertainError(claim.uncertainSince, settlesAt);
    }
  }
  try {
    return { ticket: await provider.createTicket(ctx, draft), outcome: 'created' };
  } catch (error) {
    if (!outcomeUnknown(error)) {
      throw error;
    }
    // The PSA may have stored the ticket even though we never heard back.
    const stored = await findByKey(provider, ctx, draft.externalKey).catch(() => null);
    if (stored) {
      ctx.log.warn({ key: draft.externalKey, ticketId: stored.id }, 'create failed after the PSA stored the ticket; adopted it');
      return { ticket: stored, outcome: 'adopted' };
    }
    const since = deps.clock.now();
    await markUncertain(deps, tools, ctx, runId, since, (error as Error).message);
    ctx.log.warn({ runId, key: draft.externalKey }, 'ticket create outcome unknown; claim kept as uncertain');
    throw uncertainError(since, new Date(since.getTime() + UNCERTAIN_SETTLE_MS));
  }
};

export const createRunTicket = async (deps: RunTicketsDeps, tools: RunTicketTools, ctx: RequestContext, runId: string) => {
  requireRole(ctx, ['admin', 'operator']);
  const run = await tools.loadRun(ctx, runId);
  if (run.status === 'success') {
    throw new AppError('invalid_state', 'This run succeeded; tickets are for runs that need attention.');
  }
  const gate = await tools.gateOf(ctx, run);
  if (!gate.allowed) {
    throw new AppError('invalid_state', gate.reason, { reason: gate.code });
  }
  const claim = await claimRun(deps, tools, ctx, runId);
  if (claim.existing) {
    return { outcome: 'existing' as const };
  }
  let result: CreateOutcome;
  try {
    const provider = await deps.connections.providerFor(ctx, gate.kind);
    const ticketRun = await ticketRunOf(deps, tools, ctx, run, gate.flightdeckBaseUrl);
    const defaults = gate.settings.ticketDefaults;
    result = await createOrAdopt(deps, tools, ctx, provider, runId, claim, {
      companyId: gate.companyId,
      title: ticketTitle(ticketRun),
      description: ticketDescription(ticketRun),
      queueId: defaults.queueId,
      sourceId: defaults.sourceId,
      statusId: defaults.statusId,
      // B4.4: Warning → the "warning" priority; Error (and a missed run) → the "error" priority.
      priorityId: run.status === 'warning' ? defaults.priorityWarningId : defaults.priorityErrorId,
      externalKey: claim.key,
    });
  } catch (error) {
    // An uncertain claim stays (createOrAdopt kept it); anything else never reached the PSA's store.
    if (!(error instanceof AppError && error.details.reason === 'ticket_creation_uncertain')) {
      await releaseClaim(deps, tools, ctx, runId);
    }
    throw error;
  }
  await tools.inTenant(ctx, async (tx) => {
    await deps.links.lockRun(tx, runId);
    await deps.links.insertLink(tx, {
      account_id: ctx.accountId,
      backup_run_id: runId,
      psa_kind: gate.kind,
      ticket_id: result.ticket.id,
      ticket_number: result.ticket.number,
      ticket_url: result.ticket.url,
      origin: result.outcome,
      external_key: claim.key,
      ...statusColumnsOf(result.ticket, deps.clock.now()),
      created_by: userIdOf(ctx),
      created_at: deps.clock.now(),
    });
    await deps.links.deleteClaim(tx, runId);
  });
  ctx.log.info({ runId, ticketId: result.ticket.id, outcome: result.outcome }, 'run ticket created');
  return { outcome: result.outcome };
};
