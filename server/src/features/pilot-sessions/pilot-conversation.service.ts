// P2 / P3.5: one chat turn. The technician's message is stored, the pilot (a model or the offline
// playbooks) answers from the session state — task lane, facts, active fix, customer insights —
// streamed to the caller, and the reply's markers become task-lane items, facts and a suggested
// fix in one transaction with the stored reply. Markers never reach the displayed text.
import type { Database } from '#src/db/connection';
import { withTenant } from '#src/db/tenant';
import { AppError } from '#src/lib/app-error';
import { type RequestContext, requireRole, requireUser } from '#src/lib/context';
import type { ChatMessage, ModelProvider, ModelReply, ModelRequest } from '#src/models/model-provider';
import type { PilotModelConfig } from '#src/models/model-settings';
import { choosePlaybook } from '#src/models/offline/playbooks';
import { type PilotState, pilotPrompt, type TemplateSummary } from '#src/models/pilot-prompt';
import { type ToolCallRecord, ToolFailure, type ToolSet } from '#src/models/tool-use';
import type { PilotSessionsRepository } from './pilot-sessions.repository';
import { PILOT_ROLES, type PilotSessionsService } from './pilot-sessions.service';
import type { SessionFactsRepository } from './session-facts.repository';
import { checkFactSource, writeFact } from './session-facts.service';
import { addToTaskLane } from './task-lane';
import { parseTaskLaneMarkers } from './task-lane-markers';

const HISTORY = 30;
/** How much of a tool's input and output the chat shows (collapsed); the model got the whole result. */
const SHOWN_TOOL_CHARS = 2000;

const toolCallViews = (calls: readonly ToolCallRecord[]) =>
  calls.map((c) => ({
    name: c.name,
    input: JSON.stringify(c.input ?? {}).slice(0, SHOWN_TOOL_CHARS),
    output: c.output.slice(0, SHOWN_TOOL_CHARS),
    isError: c.isError,
    durationMs: c.durationMs,
  }));

/**
 * The new message with what was attached to it: logs as text after the words, screenshots as
 * images for providers that take them. Earlier turns go without their attachments (the tokens
 * of a screenshot are paid once, in the turn it was sent).
 */
const withAttachments = (
  messages: ChatMessage[],
  attached: { images: { mediaType: string; data: string; name: string }[]; logs: { name: string; text: string }[] },
): ChatMessage[] => {
  const last = messages.at(-1);
  if (last?.role !== 'user' || (!attached.images.length && !attached.logs.length)) {
    return messages;
  }
  const logs = attached.logs.map((log) => `\n\nAttached log ${log.name}:\n\`\`\`\n${log.text}\n\`\`\``).join('');
  const images = attached.images.length
    ? `\n\nAttached screenshot${attached.images.length === 1 ? '' : 's'}: ${attached.images.map((i) => i.name).join(', ')}`
    : '';
  return [
    ...messages.slice(0, -1),
    { ...last, content: `${last.content}${images}${logs}`, images: attached.images.map(({ mediaType, data }) => ({ mediaType, data })) },
  ];
};

/**
 * The stored conversation plus, for an evidence review, the new evidence as the last user turn
 * (merged into a trailing user message, since turns alternate).
 */
const withEvidence = (messages: { role: 'user' | 'assistant'; content: string }[], evidence: string | undefined) => {
  if (!evidence) {
    return messages;
  }
  const note = `New evidence was just recorded in the task lane and promoted to "What we know": ${evidence}\nUpdate the task lane if it changes the picture; suggest a fix only if the evidence now supports one.`;
  const last = messages.at(-1);
  return last?.role === 'user'
    ? [...messages.slice(0, -1), { role: 'user' as const, content: `${last.content}\n\n${note}` }]
    : [...messages, { role: 'user' as const, content: note }];
};
const MAX_REPLY_TOKENS = 1500;

/** What a streamed turn tells the screen besides words: a tool being used, or that the words start over. */
export type TurnProgress = { type: 'tool'; name: string } | { type: 'restart'; reason: string };

export type PilotConversationDeps = {
  database: Database;
  sessions: PilotSessionsRepository;
  facts: SessionFactsRepository;
  pilotSessions: PilotSessionsService;
  provider: ModelProvider;
  config: PilotModelConfig;
  /** The team's script templates, for the cached part of the prompt (the script library). */
  templates: (ctx: RequestContext) => Promise<TemplateSummary[]>;
  /** P0.4: the MCP tools this turn may use (null: none configured or reachable); closed after the turn. */
  tools?: (ctx: RequestContext) => Promise<(ToolSet & { close(): Promise<void> }) | null>;
  /** What a message's attachments give the pilot: images, and logs as text (pilot-attachments). */
  attachments: (
    ctx: RequestContext,
    sessionId: string,
    ids: readonly string[],
  ) => Promise<{ images: { mediaType: string; data: string; name: string }[]; logs: { name: string; text: string }[] }>;
};

export const createPilotConversationService = (deps: PilotConversationDeps) => {
  const inTenant = <T>(ctx: RequestContext, work: Parameters<typeof withTenant<T>>[2]) => withTenant(deps.database, ctx, work);

  /**
   * P0.4 / P0.5: the turn with the MCP tools its service may use. When it fails for a tool reason
   * (a server unreachable mid-turn, a call refused, the model stuck calling tools), it is answered
   * once more without tools, and counted as a fallback.
   */
  const answerWithTools = async (
    ctx: RequestContext,
    request: ModelRequest,
    io: { onText: (delta: string) => void; onProgress?: (event: TurnProgress) => void },
  ): Promise<{ reply: ModelReply; toolsAvailable: boolean; fallback: boolean }> => {
    const toolSet = deps.provider.kind !== 'offline' && deps.config.tools.conversation && deps.tools ? await deps.tools(ctx) : null;
    if (!toolSet) {
      return { reply: await deps.provider.stream(ctx, request, io.onText), toolsAvailable: false, fallback: false };
    }
    const reporting: ToolSet = {
      tools: toolSet.tools,
      call: (name, args) => {
        io.onProgress?.({ type: 'tool', name });
        return toolSet.call(name, args);
      },
    };
    try {
      return { reply: await deps.provider.stream(ctx, { ...request, tools: reporting }, io.onText), toolsAvailable: true, fallback: false };
    } catch (error) {
      if (!(error instanceof ToolFailure)) {
        throw error;
      }
      ctx.log.warn({ reason: error.message }, 'a pilot turn with tools failed for a tool reason; answering without tools');
      io.onProgress?.({ type: 'restart', reason: error.message });
      return { reply: await deps.provider.stream(ctx, request, io.onText), toolsAvailable: true, fallback: true };
    } finally {
      await toolSet.close();
    }
  };

  const runTurn = async (
    ctx: RequestContext,
    sessionId: string,
    input: {
      userMessage?: { content: string; userId: string; attachmentIds?: readonly string[] };
      evidence?: string;
      onText: (delta: string) => void;
      onProgress?: (event: TurnProgress) => void;
    },
  ) => {
    const { row, lane } = await deps.pilotSessions.load(ctx, sessionId);
    if (row.state === 'resolved' || row.state === 'escalated') {
      throw new AppError('invalid_state', `This session is ${row.state}; start a new one for new work.`);
    }
    const attached = input.userMessage?.attachmentIds?.length
      ? await deps.attachments(ctx, sessionId, input.userMessage.attachmentIds)
      : { images: [], logs: [] };
    const { history, facts, fix, insights } = await inTenant(ctx, async (tx) => {
      if (row.state === 'paused') {
        // Writing in a paused session picks it up again.
        await deps.sessions.setState(tx, sessionId, ['paused'], 'active');
      }
      if (input.userMessage) {
        await deps.sessions.insertMessage(tx, {
          account_id: ctx.accountId,
          session_id: sessionId,
          role: 'user',
          content: input.userMessage.content,
          raw_content: null,
          model: null,
          input_tokens: null,
          output_tokens: null,
          cache_creation_tokens: null,
          cache_read_tokens: null,
          created_by: input.userMessage.userId,
          attachment_ids: [...(input.userMessage.attachmentIds ?? [])],
        });
      }
      return {
        history: await deps.sessions.listRecentMessages(tx, sessionId, HISTORY),
        facts: await deps.facts.listFacts(tx, sessionId),
        fix: await deps.facts.findActiveFix(tx, sessionId),
        insights: row.customer_id ? await deps.sessions.listInsights(tx, row.customer_id) : [],
      };
    });
    const lastWords = input.userMessage?.content ?? input.evidence ?? '';
    const playbookId = row.playbook_id ?? (deps.provider.kind === 'offline' ? choosePlaybook(`${row.title} ${lastWords}`).id : null);
    const state: PilotState = {
      title: row.title,
      customer: row.customer_name,
      playbookId,
      questions: lane.questions.map((q) => ({ id: q.id, text: q.text, status: q.status, answer: q.answer })),
      checks: lane.checks.map((c) => ({ id: c.id, title: c.title, command: c.command, status: c.status, result: c.result })),
      facts: facts.map((f) => ({ text: f.text, sourceType: f.source_type })),
      activeFix: fix ? { title: fix.title, confidence: fix.confidence_pct } : null,
      insights: insights.map((i) => ({ category: i.category, confidence: i.confidence, text: i.text })),
    };
    const request: ModelRequest = {
      service: 'conversation',
      ...pilotPrompt({
        state,
        templates: await deps.templates(ctx),
        history: withAttachments(
          withEvidence(
            history.map((m) => ({ role: m.role as 'user' | 'assistant', content: m.content })),
            input.evidence,
          ),
          attached,
        ),
      }),
      maxTokens: MAX_REPLY_TOKENS,
    };
    const { reply, toolsAvailable, fallback } = await answerWithTools(ctx, request, input);
    const parsed = parseTaskLaneMarkers(reply.text);
    for (const warning of parsed.warnings) {
      ctx.log.warn({ sessionId, warning }, 'pilot reply had a malformed marker block');
    }
    const nextLane = addToTaskLane(lane, { questions: parsed.questions, checks: parsed.checks });
    const laneChanged = nextLane.questions.length !== lane.questions.length || nextLane.checks.length !== lane.checks.length;
    if (input.evidence && !laneChanged && !parsed.fixes.length && !parsed.promotions.length) {
      ctx.log.info({ sessionId, usage: reply.usage, model: reply.model }, 'pilot reviewed new evidence: nothing to add');
      return null;
    }
    const saved = await inTenant(ctx, async (tx) => {
      if (laneChanged) {
        await deps.sessions.saveTaskLane(tx, sessionId, nextLane, true);
      }
      if (playbookId) {
        await deps.sessions.setPlaybook(tx, sessionId, playbookId);
      }
      let factsAdded = 0;
      for (const promotion of parsed.promotions) {
        try {
          const sourceRef = checkFactSource(nextLane, promotion.source_type, promotion.source_ref);
          await writeFact(deps, tx, ctx, sessionId, {
            text: promotion.text,
            sourceType: promotion.source_type,
            sourceRef,
            summary: promotion.summary,
          });
          factsAdded += 1;
        } catch (error) {
          ctx.log.warn({ sessionId, error: (error as Error).message }, 'ignored a [PROMOTE] block without a valid source');
        }
      }
      const fixSuggested = parsed.fixes.at(-1);
      if (fixSuggested) {
        await deps.facts.insertFix(tx, {
          account_id: ctx.accountId,
          session_id: sessionId,
          title: fixSuggested.title,
          description: fixSuggested.description,
          confidence_pct: fixSuggested.confidence,
          template_slug: fixSuggested.template,
          ai_drafted_script: fixSuggested.script,
          ai_drafted_parameters: fixSuggested.parameters ? JSON.stringify(fixSuggested.parameters) : null,
        });
        await deps.sessions.bumpStateVersion(tx, sessionId);
      }
      const message = await deps.sessions.insertMessage(tx, {
        account_id: ctx.accountId,
        session_id: sessionId,
        role: 'assistant',
        content: parsed.displayText,
        raw_content: reply.text,
        model: reply.model,
        input_tokens: reply.usage.inputTokens,
        output_tokens: reply.usage.outputTokens,
        cache_creation_tokens: reply.usage.cacheCreationTokens,
        cache_read_tokens: reply.usage.cacheReadTokens,
        tools_available: toolsAvailable,
        tools_used: [...new Set((reply.toolCalls ?? []).map((c) => c.name))],
        tool_fallback: fallback,
        tool_calls: JSON.stringify(reply.toolCalls ?? []),
        created_by: null,
      });
      return { message, factsAdded };
    });
    ctx.log.info({ sessionId, usage: reply.usage, model: reply.model }, 'pilot turn');
    return {
      message: {
        id: saved.message.id,
        role: 'assistant' as const,
        content: parsed.displayText,
        model: reply.model,
        toolCalls: toolCallViews(reply.toolCalls ?? []),
        createdAt: saved.message.created_at.toISOString(),
      },
      usage: reply.usage,
      factsAdded: saved.factsAdded,
      fixSuggested: Boolean(parsed.fixes.length),
    };
  };

  return {
    async listMessages(ctx: RequestContext, sessionId: string) {
      await deps.pilotSessions.load(ctx, sessionId);
      const rows = await inTenant(ctx, (tx) => deps.sessions.listMessages(tx, sessionId));
      return rows.map((r) => ({
        id: r.id,
        role: r.role as 'user' | 'assistant',
        content: r.content,
        model: r.model,
        /** Who wrote a technician's message (two people can work one session); null for the pilot. */
        authorName: r.author_name ?? null,
        attachmentIds: r.attachment_ids ?? [],
        toolCalls: toolCallViews((r.tool_calls ?? []) as ToolCallRecord[]),
        createdAt: r.created_at.toISOString(),
      }));
    },

    /** What sendMessage refuses before any work, so a streamed turn can answer with a real status first. */
    async assertCanSend(ctx: RequestContext, sessionId: string) {
      requireRole(ctx, PILOT_ROLES);
      requireUser(ctx);
      const { row } = await deps.pilotSessions.load(ctx, sessionId);
      if (row.state === 'resolved' || row.state === 'escalated') {
        throw new AppError('invalid_state', `This session is ${row.state}; start a new one for new work.`);
      }
    },

    async sendMessage(
      ctx: RequestContext,
      sessionId: string,
      content: string,
      onText: (delta: string) => void = () => {},
      attachmentIds: readonly string[] = [],
      onProgress?: (event: TurnProgress) => void,
    ) {
      requireRole(ctx, PILOT_ROLES);
      const user = requireUser(ctx);
      const turn = await runTurn(ctx, sessionId, { userMessage: { content, userId: user.userId, attachmentIds }, onText, onProgress });
      return turn as NonNullable<typeof turn>;
    },

    /**
     * Issue 17: evidence that just landed (an answer or a check's finding) gets the pilot's look in
     * the same step, so a fix it now supports appears without another chat message. The evidence
     * goes to the pilot as a turn of its own that is not stored; the reply is kept only when it
     * changes the task lane or suggests a fix, so the chat does not fill with "noted".
     */
    async reviewEvidence(ctx: RequestContext, sessionId: string, evidence: string) {
      requireRole(ctx, PILOT_ROLES);
      return runTurn(ctx, sessionId, { evidence, onText: () => {} });
    },
  };
};

export type PilotConversationService = ReturnType<typeof createPilotConversationService>;
