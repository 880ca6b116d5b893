// Issue 18 (P0.4): the provider-neutral part of tool use — calls run in order, long results are
// cut for the prompt, and a call that cannot be made is a ToolFailure (the turn falls back).
import { describe, expect, it } from 'vitest';
import { exposedToolName } from '#src/features/mcp-servers/mcp-servers.service';
import { MAX_TOOL_RESULT_CHARS, runToolCalls, ToolFailure, type ToolSet } from './tool-use';

const setOf = (call: ToolSet['call']): ToolSet => ({ tools: [], call });

describe('runToolCalls', () => {
  it('runs the calls in order and keeps what each answered', async () => {
    const seen: string[] = [];
    const records = await runToolCalls(
      setOf(async (name) => {
        seen.push(name);
        return { text: `${name} done`, isError: name === 'b' };
      }),
      [
        { id: '1', name: 'a', input: { q: 1 } },
        { id: '2', name: 'b', input: {} },
      ],
    );
    expect(seen).toEqual(['a', 'b']);
    expect(records.map((r) => [r.id, r.output, r.isError])).toEqual([
      ['1', 'a done', false],
      ['2', 'b done', true],
    ]);
  });

  it('cuts a long result and says how much was left out', async () => {
    const [record] = await runToolCalls(
      setOf(async () => ({ text: 'x'.repeat(MAX_TOOL_RESULT_CHARS + 500), isError: false })),
      [{ id: '1', name: 'fetch', input: {} }],
    );
    expect(record?.output.length).toBeLessThan(MAX_TOOL_RESULT_CHARS + 100);
    expect(record?.output).toMatch(/500 more characters not shown/);
  });

  it('turns any failure to run a call into a ToolFailure that names the tool', async () => {
    const failing = runToolCalls(
      setOf(async () => {
        throw new Error('socket hang up');
      }),
      [{ id: '1', name: 'search', input: {} }],
    );
    await expect(failing).rejects.toBeInstanceOf(ToolFailure);
    await expect(failing).rejects.toThrow('Tool search failed: socket hang up');
  });
});

describe('exposedToolName', () => {
  it('names a tool after its server, within 64 characters and the characters every provider takes', () => {
    expect(exposedToolName('Microsoft Learn', 'microsoft_docs_search', new Set())).toBe('microsoft_learn__microsoft_docs_search');
    const long = exposedToolName('A very long server name for the docs', 'x'.repeat(80), new Set());
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long).toMatch(/^[a-zA-Z0-9_-]+$/);
  });

  it('keeps names unique when two servers offer the same tool', () => {
    const first = exposedToolName('Docs', 'search', new Set());
    expect(exposedToolName('Docs', 'search', new Set([first]))).toBe('docs__search_2');
  });
});
