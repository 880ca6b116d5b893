// P2.1: the one parser for the blocks the pilot (a model or the offline playbooks) puts in its
// replies. Recognised: [QUESTIONS], [DIAGNOSTIC_CHECKS] (a list, closing tag optional),
// [PROMOTE]…[/PROMOTE] and [SUGGEST_FIX]…[/SUGGEST_FIX] (JSON or `key: value` lines). Marker
// text never reaches the displayed message; a malformed block is dropped with a warning and the
// rest of the reply survives. [FORK] is not supported and is shown as plain text.
import { z } from 'zod';

export const PromoteBlock = z.object({
  source_type: z.enum(['question', 'diagnostic_check', 'user_note', 'ai_synthesis']),
  source_ref: z.uuid().nullable().default(null),
  text: z.string().trim().min(1).max(2000),
  summary: z.string().trim().max(200).nullable().default(null),
});
export type PromoteBlock = z.infer<typeof PromoteBlock>;

export const SuggestFixBlock = z.object({
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().min(1).max(4000),
  confidence: z.coerce.number().int().min(0).max(100),
  template: z.string().trim().min(1).max(100).nullable().default(null),
  script: z.string().max(20_000).nullable().default(null),
  parameters: z.record(z.string(), z.unknown()).nullable().default(null),
});
export type SuggestFixBlock = z.infer<typeof SuggestFixBlock>;

export type DiagnosticCheck = { title: string; command: string | null };

export type ParsedReply = {
  /** The reply as shown to the technician: every marker block removed. */
  displayText: string;
  questions: string[];
  checks: DiagnosticCheck[];
  promotions: PromoteBlock[];
  fixes: SuggestFixBlock[];
  warnings: string[];
};

const LIST_MARKERS = ['QUESTIONS', 'DIAGNOSTIC_CHECKS'] as const;
const PAIRED_MARKERS = ['PROMOTE', 'SUGGEST_FIX'] as const;
const LIST_ITEM = /^\s*(?:[-*•]|\d+[.)])\s+(.+?)\s*$/;

/** `key: value` lines; a key's value runs on over following lines until the next key. */
const keyValues = (body: string): Record<string, string> => {
  const result: Record<string, string> = {};
  let current: string | null = null;
  for (const line of body.split('\n')) {
    const match = /^([a-z_]+)\s*:\s?(.*)$/i.exec(line);
    if (match && !line.startsWith(' ')) {
      current = (match[1] as string).toLowerCase();
      result[current] = match[2] as string;
    } else if (current) {
      result[current] = `${result[current]}\n${line}`;
    }
  }
  return Object.fromEntries(Object.entries(result).map(([k, v]) => [k, v.replace(/^```\w*\n?|\n?```$/g, '').trim()]));
};

const structured = (body: string): Record<string, unknown> => {
  const trimmed = body.trim();
  if (trimmed.startsWith('{')) {
    return JSON.parse(trimmed) as Record<string, unknown>;
  }
  const values: Record<string, unknown> = keyValues(trimmed);
  if (typeof values.parameters === 'string') {
    values.parameters = values.parameters ? JSON.parse(values.parameters) : null;
  }
  for (const key of ['source_ref', 'summary', 'template', 'script']) {
    if (values[key] === '') {
      values[key] = null;
    }
  }
  return values;
};

// "title | command": only the first separator splits; a command may be a pipeline of its own
// ("cmdkey /list | findstr …").
const checkOf = (item: string): DiagnosticCheck => {
  const separator = /\s+\|\s+/.exec(item);
  const title = separator ? item.slice(0, separator.index) : item;
  const command = separator ? item.slice(separator.index + separator[0].length) : null;
  return { title: title.trim(), command: command?.replace(/^`|`$/g, '').trim() || null };
};

export const parseTaskLaneMarkers = (reply: string): ParsedReply => {
  const parsed: ParsedReply = { displayText: '', questions: [], checks: [], promotions: [], fixes: [], warnings: [] };
  let text = reply.replace(/\r\n/g, '\n');

  for (const marker of PAIRED_MARKERS) {
    const pattern = new RegExp(`\\[${marker}\\]([\\s\\S]*?)\\[\\/${marker}\\]`, 'g');
    text = text.replace(pattern, (_whole, body: string) => {
      try {
        const value = structured(body);
        if (marker === 'PROMOTE') {
          parsed.promotions.push(PromoteBlock.parse(value));
        } else {
          parsed.fixes.push(SuggestFixBlock.parse(value));
        }
      } catch (error) {
        parsed.warnings.push(`Ignored a malformed [${marker}] block: ${(error as Error).message.split('\n')[0]}`);
      }
      return '';
    });
    // An opening tag with no closing tag: drop the tag and what follows on its line, keep the rest.
    text = text.replace(new RegExp(`\\[\\/?${marker}\\][^\\n]*`, 'g'), () => {
      parsed.warnings.push(`Ignored an unclosed [${marker}] marker`);
      return '';
    });
  }

  const lines = text.split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string;
    const marker = LIST_MARKERS.find((m) => line.trim() === `[${m}]`);
    if (!marker) {
      if (!LIST_MARKERS.some((m) => line.trim() === `[/${m}]`)) {
        kept.push(line);
      }
      continue;
    }
    const items: string[] = [];
    let j = i + 1;
    while (j < lines.length) {
      const next = (lines[j] as string).trim();
      if (next === `[/${marker}]`) {
        j += 1;
        break;
      }
      const item = LIST_ITEM.exec(lines[j] as string);
      if (!item && next !== '') {
        break;
      }
      if (item) {
        items.push(item[1] as string);
      } else if (items.length > 0 && !LIST_ITEM.exec(lines[j + 1] ?? '')) {
        break;
      }
      j += 1;
    }
    if (items.length === 0) {
      parsed.warnings.push(`Ignored an empty [${marker}] block`);
    } else if (marker === 'QUESTIONS') {
      parsed.questions.push(...items);
    } else {
      parsed.checks.push(...items.map(checkOf));
    }
    i = j - 1;
  }
  parsed.displayText = kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return parsed;
};
