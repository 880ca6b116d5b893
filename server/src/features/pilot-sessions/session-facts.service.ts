// P3 / P4: "What we know" and the suggested fix. Question and check facts are edited through
// their source (403 here); every fact write bumps the session's state version in the same
// transaction, so a failed write leaves it unchanged. Answers and check results go through
// conservative fact synthesis (P3.4).
import type { Database } from '#src/db/connection';
import type { Tx } from '#src/db/tenant';
import { withTenant } from '#src/db/tenant';
import { AppError, notFound } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import { type RequestContext, requireRole, requireUser, userIdOf } from '#src/lib/context';
import type { ModelProvider } from '#src/models/model-provider';
import { FACT_SYNTHESIS_INSTRUCTIONS, factSynthesisInput } from '#src/models/pilot-prompt';
import type { PilotSessionsRepository } from './pilot-sessions.repository';
import type { PromoteFactBody } from './pilot-sessions.schemas';
import { PILOT_ROLES, type PilotSessionsService } from './pilot-sessions.service';
import type { SessionFactsRepository } from './session-facts.repository';
import { toFactView, toFixView } from './session-views';
import { laneItemKind, type TaskLane } from './task-lane';
import { parseTaskLaneMarkers } from './task-lane-markers';

export type SessionFactsDeps = {
  database: Database;
  sessions: PilotSessionsRepository;
  facts: SessionFactsRepository;
  pilotSessions: PilotSessionsService;
  provider: ModelProvider;
  clock: Clock;
  /** The pilot's look at evidence that just became a fact (the conversation service); its reply, or null. */
  reviewEvidence?: (ctx: RequestContext, sessionId: string, evidence: string) => Promise<{ message: PilotReply } | null>;
};

type PilotReply = { id: string; role: 'assistant'; content: string; model: string; createdAt: string };

type NewFactInput = { text: string; sourceType: string; sourceRef: string | null; summary: string | null };

/** Writes a fact and bumps the version together; returns the fact. */
export const writeFact = async (
  deps: Pick<SessionFactsDeps, 'sessions' | 'facts'>,
  tx: Tx,
  ctx: RequestContext,
  sessionId: string,
  fact: NewFactInput,
) => {
  const id = await deps.facts.insertFact(tx, {
    account_id: ctx.accountId,
    session_id: sessionId,
    text: fact.text,
    source_type: fact.sourceType,
    source_ref: fact.sourceRef,
    source_summary: fact.summary,
    created_by: requireUser(ctx).userId,
  });
  await deps.sessions.bumpStateVersion(tx, sessionId);
  return id;
};

/** A promoted fact must point at a real task-lane item of the kind it claims. */
export const checkFactSource = (lane: TaskLane, sourceType: string, sourceRef: string | null) => {
  if (sourceType === 'question' || sourceType === 'diagnostic_check') {
    if (!sourceRef || laneItemKind(lane, sourceRef) !== sourceType) {
      throw new AppError(
        'invalid_state',
        `source_ref must name a ${sourceType === 'question' ? 'question' : 'diagnostic check'} of this session`,
        {
          fieldErrors: [{ path: 'source_ref', message: 'Not an item of this session’s task lane' }],
        },
      );
    }
    return sourceRef;
  }
  return null;
};

export const createSessionFactsService = (deps: SessionFactsDeps) => {
  const inTenant = <T>(ctx: RequestContext, work: Parameters<typeof withTenant<T>>[2]) => withTenant(deps.database, ctx, work);

  const activeSession = async (ctx: RequestContext, sessionId: string) => {
    requireRole(ctx, PILOT_ROLES);
    const loaded = await deps.pilotSessions.load(ctx, sessionId);
    if (loaded.row.state === 'resolved' || loaded.row.state === 'escalated') {
      throw new AppError('invalid_state', `This session is ${loaded.row.state}; its facts are part of the posted record.`);
    }
    return loaded;
  };

  const factOrThrow = async (tx: Tx, sessionId: string, factId: string) => {
    const fact = await deps.facts.findFact(tx, sessionId, factId);
    if (!fact) {
      throw notFound('Fact');
    }
    return fact;
  };

  const versionOf = async (ctx: RequestContext, sessionId: string) => (await deps.pilotSessions.load(ctx, sessionId)).row.state_version;

  /** P3.4: asks the fact-synthesis service for at most one fact from an answer or a check output. */
  const synthesise = async (ctx: RequestContext, sessionId: string, source: Parameters<typeof factSynthesisInput>[0]) => {
    const reply = await deps.provider.complete(ctx, {
      service: 'fact_synthesis',
      system: FACT_SYNTHESIS_INSTRUCTIONS,
      messages: [{ role: 'user', content: factSynthesisInput(source) }],
      maxTokens: 400,
    });
    const promotion = parseTaskLaneMarkers(reply.text).promotions[0];
    if (!promotion) {
      return null;
    }
    return inTenant(ctx, async (tx) => {
      const id = await writeFact(deps, tx, ctx, sessionId, {
        text: promotion.text,
        sourceType: source.sourceType,
        sourceRef: source.sourceRef,
        summary: promotion.summary,
      });
      return toFactView(await factOrThrow(tx, sessionId, id));
    });
  };

  const updateLaneItem = async (
    ctx: RequestContext,
    sessionId: string,
    change: (lane: TaskLane) => { lane: TaskLane; synthesis: Parameters<typeof factSynthesisInput>[0] | null },
  ) => {
    const { lane } = await activeSession(ctx, sessionId);
    const next = change(lane);
    await inTenant(ctx, (tx) => deps.sessions.saveTaskLane(tx, sessionId, next.lane, true));
    const createdFact = next.synthesis ? await synthesise(ctx, sessionId, next.synthesis) : null;
    // Issue 17: the fix appears in the step the evidence lands. The answer is stored already; a
    // pilot that cannot be reached now only means no reply, never a lost answer.
    let pilotReply: PilotReply | null = null;
    if (createdFact && deps.reviewEvidence) {
      try {
        pilotReply = (await deps.reviewEvidence(ctx, sessionId, createdFact.text))?.message ?? null;
      } catch (error) {
        ctx.log.warn({ sessionId, error: (error as Error).message }, 'the pilot could not review new evidence');
      }
    }
    return { taskLane: next.lane, createdFact, pilotReply, stateVersion: await versionOf(ctx, sessionId) };
  };

  const questionOrThrow = (lane: TaskLane, itemId: string) => {
    const question = lane.questions.find((q) => q.id === itemId);
    if (!question) {
      throw notFound('Question');
    }
    return question;
  };

  return {
    async listFacts(ctx: RequestContext, sessionId: string) {
      const { row } = await deps.pilotSessions.load(ctx, sessionId);
      const facts = await inTenant(ctx, (tx) => deps.facts.listFacts(tx, sessionId));
      return { facts: facts.map(toFactView), stateVersion: row.state_version };
    },

    /** "+ Add a note": a user_note fact. */
    async addNote(ctx: RequestContext, sessionId: string, text: string) {
      await activeSession(ctx, sessionId);
      return inTenant(ctx, async (tx) =>
        toFactView(
          await factOrThrow(
            tx,
            sessionId,
            await writeFact(deps, tx, ctx, sessionId, { text, sourceType: 'user_note', sourceRef: null, summary: null }),
          ),
        ),
      );
    },

    async promoteFact(ctx: RequestContext, sessionId: string, body: PromoteFactBody) {
      const { lane } = await activeSession(ctx, sessionId);
      const sourceRef = checkFactSource(lane, body.source_type, body.source_ref);
      return inTenant(ctx, async (tx) =>
        toFactView(
          await factOrThrow(
            tx,
            sessionId,
            await writeFact(deps, tx, ctx, sessionId, {
              text: body.proposed_text,
              sourceType: body.source_type,
              sourceRef,
              summary: body.proposed_summary,
            }),
          ),
        ),
      );
    },

    async updateFact(ctx: RequestContext, sessionId: string, factId: string, body: { text: string; sourceSummary?: string | null }) {
      await activeSession(ctx, sessionId);
      return inTenant(ctx, async (tx) => {
        const fact = await factOrThrow(tx, sessionId, factId);
        if (fact.source_type === 'question' || fact.source_type === 'diagnostic_check') {
          throw new AppError(
            'forbidden',
            `A ${fact.source_type === 'question' ? 'question' : 'check'} fact is edited through its source: change the answer instead.`,
          );
        }
        await deps.facts.updateFactText(tx, factId, body.text, body.sourceSummary);
        await deps.sessions.bumpStateVersion(tx, sessionId);
        return toFactView(await factOrThrow(tx, sessionId, factId));
      });
    },

    async deleteFact(ctx: RequestContext, sessionId: string, factId: string) {
      await activeSession(ctx, sessionId);
      await inTenant(ctx, async (tx) => {
        await factOrThrow(tx, sessionId, factId);
        await deps.facts.softDeleteFact(tx, factId);
        await deps.sessions.bumpStateVersion(tx, sessionId);
      });
    },

    answerQuestion: (ctx: RequestContext, sessionId: string, itemId: string, answer: string) =>
      updateLaneItem(ctx, sessionId, (lane) => {
        const question = questionOrThrow(lane, itemId);
        const answered = { ...question, status: 'answered' as const, answer, answeredAt: deps.clock.now().toISOString() };
        return {
          lane: { ...lane, questions: lane.questions.map((q) => (q.id === itemId ? answered : q)) },
          synthesis: { sourceType: 'question', sourceRef: itemId, prompt: question.text, response: answer },
        };
      }),

    skipQuestion: (ctx: RequestContext, sessionId: string, itemId: string) =>
      updateLaneItem(ctx, sessionId, (lane) => {
        questionOrThrow(lane, itemId);
        return {
          lane: { ...lane, questions: lane.questions.map((q) => (q.id === itemId ? { ...q, status: 'skipped' as const } : q)) },
          synthesis: null,
        };
      }),

    recordCheckResult: (ctx: RequestContext, sessionId: string, itemId: string, output: string) =>
      updateLaneItem(ctx, sessionId, (lane) => {
        const check = lane.checks.find((c) => c.id === itemId);
        if (!check) {
          throw notFound('Diagnostic check');
        }
        const done = { ...check, status: 'done' as const, result: output, ranAt: deps.clock.now().toISOString() };
        return {
          lane: { ...lane, checks: lane.checks.map((c) => (c.id === itemId ? done : c)) },
          synthesis: { sourceType: 'diagnostic_check', sourceRef: itemId, prompt: check.title, response: output },
        };
      }),

    async getActiveFix(ctx: RequestContext, sessionId: string) {
      await deps.pilotSessions.load(ctx, sessionId);
      const fix = await inTenant(ctx, (tx) => deps.facts.findActiveFix(tx, sessionId));
      if (!fix) {
        throw notFound('Active suggested fix');
      }
      return toFixView(fix);
    },

    /** Issue 17: the engineer applied the active fix; the resolution note may now say so. */
    async markFixApplied(ctx: RequestContext, sessionId: string, fixId: string) {
      await activeSession(ctx, sessionId);
      return inTenant(ctx, async (tx) => {
        const fix = await deps.facts.findFix(tx, sessionId, fixId);
        if (!fix || fix.superseded_at) {
          throw notFound('Active suggested fix');
        }
        const at = deps.clock.now();
        await deps.facts.markFixApplied(tx, fixId, userIdOf(ctx), at);
        await deps.sessions.bumpStateVersion(tx, sessionId);
        return toFixView({ ...fix, applied_at: at, applied_by: userIdOf(ctx) });
      });
    },
  };
};

export type SessionFactsService = ReturnType<typeof createSessionFactsService>;
