// P5 / P6: previews of the resolution note and the escalation package (cached by session, state
// version and kind), and posting the engineer-edited markdown to the linked PSA ticket: the note
// (resolution: customer-visible; escalation: internal), the configured status transition, and a
// read-back that proves the status — or the session stays open and the caller hears why.
import type { Database } from '#src/db/connection';
import { withTenant } from '#src/db/tenant';
import type { CustomersService } from '#src/features/customers/customers.service';
import type { IntegrationsService } from '#src/features/integrations/integrations.service';
import type { PsaConnections } from '#src/features/integrations/psa-connections';
import type { PilotSessionsRepository, SessionRow } from '#src/features/pilot-sessions/pilot-sessions.repository';
import { PILOT_ROLES, type PilotSessionsService } from '#src/features/pilot-sessions/pilot-sessions.service';
import type { SessionFactsRepository } from '#src/features/pilot-sessions/session-facts.repository';
import { ticketLabel } from '#src/features/pilot-sessions/session-views';
import { AppError } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import { type RequestContext, requireRole, userIdOf } from '#src/lib/context';
import type { ModelProvider } from '#src/models/model-provider';
import type { PilotNotesRepository } from './pilot-notes.repository';
import { postTarget } from './post-target';
import { type PreviewCache, previewKey } from './preview-cache';
import {
  type DocumentProse,
  type DocumentState,
  escalationPackage,
  progressUpdate,
  redact,
  resolutionNote,
  withOutcome,
} from './session-documents';
import type { SessionUpdatesRepository } from './session-updates.repository';

export type DocumentKind = 'resolution_note' | 'escalation_package';

export type SessionNotesDeps = {
  database: Database;
  sessions: PilotSessionsRepository;
  facts: SessionFactsRepository;
  notes: PilotNotesRepository;
  updates: SessionUpdatesRepository;
  pilotSessions: PilotSessionsService;
  provider: ModelProvider;
  cache: PreviewCache;
  integrations: IntegrationsService;
  customers: CustomersService;
  connections: PsaConnections;
  clock: Clock;
  /** Scripts generated in the session, passwords as •••• (the script library). */
  scripts: (ctx: RequestContext, sessionId: string) => Promise<{ title: string; parametersText: string; fixId: string | null }[]>;
};

/** A post that takes longer than this died with its process; the claim can be taken again. */
const POSTING_LEASE_MS = 2 * 60_000;
/** How many of the ticket's latest notes "Ticket context" brings into the composer. */
const TICKET_CONTEXT_NOTES = 3;

const PROSE_INSTRUCTIONS = [
  'You write the prose sections of a ticket note for an MSP technician, from the session state JSON only.',
  'Reply with one JSON object: {"problem": "...", "nextSteps": "..."}; plain sentences, no markdown, no confidence figures.',
  'State only what the session state supports; where it does not establish something, say so.',
].join('\n');

const parseProse = (text: string): DocumentProse => {
  const json = /\{[\s\S]*\}/.exec(text)?.[0];
  try {
    const value = JSON.parse(json ?? '') as Record<string, unknown>;
    const pick = (key: string) =>
      typeof value[key] === 'string' && (value[key] as string).trim() ? (value[key] as string).trim() : undefined;
    return { problem: pick('problem'), nextSteps: pick('nextSteps') };
  } catch {
    return {};
  }
};

export const createSessionNotesService = (deps: SessionNotesDeps) => {
  const inTenant = <T>(ctx: RequestContext, work: Parameters<typeof withTenant<T>>[2]) => withTenant(deps.database, ctx, work);

  const documentState = async (ctx: RequestContext, sessionId: string): Promise<{ row: SessionRow; state: DocumentState }> => {
    const { row, lane } = await deps.pilotSessions.load(ctx, sessionId);
    const { facts, fix } = await inTenant(ctx, async (tx) => ({
      facts: await deps.facts.listFacts(tx, sessionId),
      fix: await deps.facts.findActiveFix(tx, sessionId),
    }));
    return {
      row,
      state: {
        title: row.title,
        customer: row.customer_name,
        contact: row.contact,
        priority: row.priority,
        ticketLabel: row.ticket_number ? ticketLabel(row.psa_kind, row.ticket_number) : null,
        facts: facts.map((f) => ({ text: f.text, sourceType: f.source_type as DocumentState['facts'][number]['sourceType'] })),
        fix: fix
          ? {
              title: fix.title,
              description: fix.description,
              applied: fix.applied_at !== null,
            }
          : null,
        lane,
        // A script counts as the fix applied only when it was run for that fix.
        scripts: (await deps.scripts(ctx, sessionId)).map((g) => ({ ...g, forFix: Boolean(fix && g.fixId === fix.id) })),
      },
    };
  };

  const build = async (ctx: RequestContext, kind: DocumentKind, state: DocumentState) => {
    // Offline the documents are extractive templates; with a model, its prose fills three sections.
    const prose =
      deps.provider.kind === 'offline'
        ? {}
        : parseProse(
            (
              await deps.provider.complete(ctx, {
                service: kind,
                // Two blocks: the instructions are the same for every note (cached); the state is not.
                system: [{ text: PROSE_INSTRUCTIONS, cache: {} }, { text: JSON.stringify({ kind, ...state }) }],
                messages: [
                  { role: 'user', content: `Write the ${kind === 'resolution_note' ? 'resolution note' : 'escalation package'} prose.` },
                ],
                maxTokens: 800,
              })
            ).text,
          );
    return kind === 'resolution_note' ? resolutionNote(state, prose) : escalationPackage(state, prose);
  };

  /** The post itself, with the session claimed for it. */
  const postClaimed = async (ctx: RequestContext, row: SessionRow, kind: DocumentKind, markdown: string) => {
    const sessionId = row.id;
    const finalState: 'resolved' | 'escalated' = kind === 'resolution_note' ? 'resolved' : 'escalated';
    const at = deps.clock.now();
    if (!row.link_id || !row.ticket_id || !row.psa_kind) {
      await inTenant(ctx, (tx) =>
        deps.notes.recordDocument(tx, sessionId, kind, { markdown, externalId: null, at, state: finalState, skippedReason: null }),
      );
      return {
        outcome: `${finalState}_local` as const,
        note_external_id: null,
        status: null,
        routed_to: null,
        status_transition_skipped_reason: null,
      };
    }
    const { psaKind, label, provider } = await postTarget(deps, ctx, row);
    // P6: a post that failed after its note was written kept the note's id; a retry posts no
    // second customer-visible note and only retries the status change.
    const earlierNoteId = kind === 'resolution_note' ? row.resolution_note_external_id : row.escalation_package_external_id;
    const note = earlierNoteId
      ? { id: earlierNoteId }
      : await provider.addNote(ctx, row.ticket_id, {
          kind: kind === 'resolution_note' ? 'resolution' : 'internal',
          title: kind === 'resolution_note' ? 'Resolution' : 'Escalation package',
          text: markdown,
        });
    if (!earlierNoteId) {
      // The note is in the PSA: remember it before anything else can fail.
      await inTenant(ctx, (tx) =>
        deps.notes.recordDocument(tx, sessionId, kind, { markdown, externalId: note.id, at, state: null, skippedReason: null }),
      );
    }
    const settings = await deps.integrations.findTicketSettings(ctx, psaKind);
    const defaults = settings?.ticketDefaults;
    const target = kind === 'resolution_note' ? (defaults?.pilotResolvedStatusId ?? null) : (defaults?.pilotEscalatedStatusId ?? null);
    // Issue 17: Escalate routes the ticket to the next tier's queue (ConnectWise: board) when one is set.
    const queue = kind === 'escalation_package' ? (defaults?.pilotEscalationQueueId ?? null) : null;
    let skippedReason: string | null = null;
    if (!target) {
      skippedReason = `No ${kind === 'resolution_note' ? 'resolved' : 'escalated'} status is configured for ${label}; the ticket status was left as it is.`;
    } else if (kind === 'resolution_note' && (await provider.listTimeEntries(ctx, row.ticket_id)).length > 0) {
      // P6.5 / B5.3: a ticket with time entries is never closed by Flightdeck.
      skippedReason = 'The ticket has time entries, so Flightdeck did not close it; its owner closes it.';
    }
    let status: { expected: string; actual: string; name: string | null; verified: true } | null = null;
    let routed: { queueId: string; name: string | null; verified: true } | null = null;
    if (!skippedReason && target) {
      if (queue) {
        await provider.routeTicket(ctx, row.ticket_id, { queueId: queue, statusId: target });
      } else {
        await provider.setStatus(ctx, row.ticket_id, target);
      }
      const after = await provider.findTicket(ctx, row.ticket_id);
      const queueName = (id: string | null) => settings?.queueNames[id ?? ''] ?? id;
      if (!after || after.statusId !== target || (queue && after.queueId !== queue)) {
        const expected = queue ? `${queueName(queue)}, status ${target}` : `status ${target}`;
        const actual = after
          ? `${queue ? `${queueName(after.queueId)}, ` : ''}${after.statusName ?? 'status'} (${after.statusId})`
          : 'gone';
        throw new AppError(
          'upstream_error',
          `${label} did not apply the ${queue ? 'move' : 'status change'}: expected ${expected}, the ticket is ${actual}. The note was posted (id ${note.id}); the session stays open.`,
          {
            reason: 'status_not_applied',
            expectedStatusId: target,
            actualStatusId: after?.statusId ?? null,
            ...(queue && { expectedQueueId: queue, actualQueueId: after?.queueId ?? null }),
            noteExternalId: note.id,
          },
        );
      }
      status = { expected: target, actual: after.statusId, name: after.statusName ?? null, verified: true };
      routed = queue ? { queueId: queue, name: queueName(queue), verified: true } : null;
    }
    const postedMarkdown = earlierNoteId
      ? ((kind === 'resolution_note' ? row.resolution_note_markdown : row.escalation_package_markdown) ?? markdown)
      : markdown;
    await inTenant(ctx, (tx) =>
      deps.notes.recordDocument(tx, sessionId, kind, {
        markdown: postedMarkdown,
        externalId: note.id,
        at,
        state: finalState,
        skippedReason,
      }),
    );
    ctx.log.info({ sessionId, kind, noteId: note.id, skippedReason, queue }, 'pilot document posted');
    return { outcome: finalState, note_external_id: note.id, status, routed_to: routed, status_transition_skipped_reason: skippedReason };
  };

  return {
    /** Share update (P8.1): the customer-visible progress note, built from session state. */
    async previewUpdate(ctx: RequestContext, sessionId: string) {
      requireRole(ctx, PILOT_ROLES);
      const { row, state } = await documentState(ctx, sessionId);
      return { markdown: progressUpdate(state), target_ticket_ref: state.ticketLabel, state_version: row.state_version, cached: false };
    },

    /** Posts a progress note to the ticket, customer-visible, with no status change; the session stays open. */
    async shareUpdate(ctx: RequestContext, sessionId: string, text: string) {
      requireRole(ctx, PILOT_ROLES);
      const { row } = await deps.pilotSessions.load(ctx, sessionId);
      if (row.state === 'resolved' || row.state === 'escalated') {
        throw new AppError('conflict', `This session was already ${row.state}.`, { reason: 'already_posted' });
      }
      if (!row.link_id || !row.ticket_id || !row.psa_kind) {
        throw new AppError('invalid_state', 'Link a PSA ticket to share an update with the customer.', { reason: 'no_ticket' });
      }
      const { provider, psaKind } = await postTarget(deps, ctx, row);
      const note = await provider.addNote(ctx, row.ticket_id, { kind: 'update', title: 'Progress update', text });
      await inTenant(ctx, (tx) =>
        deps.updates.insertUpdate(tx, {
          account_id: ctx.accountId,
          session_id: sessionId,
          text,
          psa_kind: psaKind,
          note_external_id: note.id,
          posted_by: userIdOf(ctx),
        }),
      );
      ctx.log.info({ sessionId, noteId: note.id }, 'pilot progress update posted');
      return { note_external_id: note.id, target_ticket_ref: ticketLabel(psaKind, row.ticket_number ?? '') };
    },

    /**
     * Issue 17: "Ticket context" in the composer — the linked ticket's title, description and
     * latest notes as the PSA has them now, secrets taken out, as text the engineer sends on.
     */
    async ticketContext(ctx: RequestContext, sessionId: string) {
      requireRole(ctx, PILOT_ROLES);
      const { row } = await deps.pilotSessions.load(ctx, sessionId);
      if (!row.link_id || !row.ticket_id || !row.psa_kind) {
        throw new AppError('invalid_state', 'Link a PSA ticket to read its context.', { reason: 'no_ticket' });
      }
      const { provider, psaKind } = await postTarget(deps, ctx, row);
      const context = await provider.ticketContext(ctx, row.ticket_id, { limit: TICKET_CONTEXT_NOTES });
      if (!context) {
        throw new AppError('invalid_state', 'The ticket was deleted in the PSA.', { reason: 'ticket_deleted' });
      }
      const clip = (text: string, max: number) => {
        const flat = redact(text.trim(), 'internal');
        return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
      };
      const label = ticketLabel(psaKind, row.ticket_number ?? '');
      const lines = [
        `Ticket ${label}: ${context.title}`,
        context.description ? `Description: ${clip(context.description, 600)}` : null,
        context.notes.length ? 'Latest notes:' : 'No notes on the ticket yet.',
        ...context.notes.map(
          (n) =>
            `- ${n.createdAt ? `${n.createdAt.slice(0, 16).replace('T', ' ')} ` : ''}(${n.internal ? 'internal' : 'customer-visible'}) ${clip(n.text, 300)}`,
        ),
      ];
      return { ticket_ref: label, text: lines.filter((l) => l !== null).join('\n') };
    },

    /** P5.4: same state version → the cached markdown, no model call. */
    async preview(ctx: RequestContext, sessionId: string, kind: DocumentKind) {
      requireRole(ctx, PILOT_ROLES);
      const { row, state } = await documentState(ctx, sessionId);
      const key = previewKey(sessionId, row.state_version, kind);
      const cached = await deps.cache.get(key);
      const markdown = cached ?? (await build(ctx, kind, state));
      if (!cached) {
        await deps.cache.set(key, markdown);
      }
      return { markdown, target_ticket_ref: state.ticketLabel, state_version: row.state_version, cached: cached !== null };
    },

    /** P6: posts the edited markdown and moves the session (and the ticket, verified) on. */
    async post(ctx: RequestContext, sessionId: string, kind: DocumentKind, edited: string, outcome?: string) {
      requireRole(ctx, PILOT_ROLES);
      // The customer reads the Outcome: the engineer writes it; nothing stands in for it.
      if (kind === 'resolution_note' && !outcome?.trim()) {
        throw new AppError('invalid_input', 'Write the outcome before posting: what the customer sees now.', {
          fieldErrors: [{ path: 'outcome', message: 'Required for the resolution note' }],
        });
      }
      const markdown = kind === 'resolution_note' ? withOutcome(edited, outcome as string) : edited;
      const { row } = await deps.pilotSessions.load(ctx, sessionId);
      if (row.state === 'resolved' || row.state === 'escalated') {
        throw new AppError('conflict', `This session was already ${row.state}.`, { reason: 'already_posted' });
      }
      const now = deps.clock.now();
      const claimed = await inTenant(ctx, (tx) => deps.notes.startPosting(tx, sessionId, now, new Date(now.getTime() - POSTING_LEASE_MS)));
      if (!claimed) {
        throw new AppError('conflict', 'This session is being posted right now, or was just resolved.', { reason: 'posting_in_progress' });
      }
      try {
        return await postClaimed(ctx, row, kind, markdown);
      } finally {
        await inTenant(ctx, (tx) => deps.notes.finishPosting(tx, sessionId));
      }
    },
  };
};

export type SessionNotesService = ReturnType<typeof createSessionNotesService>;
