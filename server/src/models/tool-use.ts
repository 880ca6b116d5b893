// Issue 18 (P0.4, P0.5): tool use, provider-neutral. A turn may carry a ToolSet — the tools the
// configured MCP servers offer this service, and how to run one. Each provider offers the tools
// in its own wire format, runs the calls the model makes through the set, feeds the results back
// and reports every call. A tool that cannot be run at all is a ToolFailure: the caller retries
// the turn once without tools (and counts the fallback).

/** A tool as offered to the model: a name unique in the set, what it does, its JSON Schema input. */
export type ModelTool = { name: string; description: string; inputSchema: Record<string, unknown> };

/** What a tool answered: text for the model; `isError` is the tool's own error result (the model sees it). */
export type ToolOutcome = { text: string; isError: boolean };

export type ToolSet = {
  tools: readonly ModelTool[];
  /** Runs one call; rejects (with a ToolFailure) when the tool could not be run at all. */
  call(name: string, input: unknown): Promise<ToolOutcome>;
};

/** One call as it happened, for the chat (shown collapsed) and the telemetry. */
export type ToolCallRecord = { name: string; input: unknown; output: string; isError: boolean; durationMs: number };

/** A tool reason for a failed turn: the server was unreachable, refused the call or timed out. */
export class ToolFailure extends Error {
  override readonly name = 'ToolFailure';
}

/** Rounds of tool calls in one turn before Flightdeck stops the model (and retries without tools). */
export const MAX_TOOL_ROUNDS = 4;
/** What a tool result may add to the prompt; the rest is cut with a note (a docs page can be long). */
export const MAX_TOOL_RESULT_CHARS = 12_000;

const clip = (text: string) =>
  text.length > MAX_TOOL_RESULT_CHARS
    ? `${text.slice(0, MAX_TOOL_RESULT_CHARS)}\n[… ${text.length - MAX_TOOL_RESULT_CHARS} more characters not shown]`
    : text;

/** Runs the calls of one model turn in order; a call the set cannot run rejects the whole turn. */
export const runToolCalls = async (
  set: ToolSet,
  calls: readonly { id: string; name: string; input: unknown }[],
  now: () => number = Date.now,
): Promise<(ToolCallRecord & { id: string })[]> => {
  const records: (ToolCallRecord & { id: string })[] = [];
  for (const call of calls) {
    const started = now();
    let outcome: ToolOutcome;
    try {
      outcome = await set.call(call.name, call.input);
    } catch (error) {
      throw error instanceof ToolFailure ? error : new ToolFailure(`Tool ${call.name} failed: ${(error as Error).message}`);
    }
    records.push({
      id: call.id,
      name: call.name,
      input: call.input,
      output: clip(outcome.text),
      isError: outcome.isError,
      durationMs: now() - started,
    });
  }
  return records;
};

/**
 * The streamed words of a turn with several rounds: each round gets its own `onText`, and a later
 * round's words start a new paragraph, as the stored reply joins the rounds with a blank line.
 */
export const streamedRounds = (onText: (delta: string) => void) => {
  let wrote = false;
  return () => {
    let first = true;
    return (delta: string) => {
      onText(first && wrote ? `\n\n${delta}` : delta);
      first = false;
      wrote = true;
    };
  };
};

export const tooManyRounds = () =>
  new ToolFailure(`The model was still calling tools after ${MAX_TOOL_ROUNDS} rounds; the turn is answered without tools.`);
