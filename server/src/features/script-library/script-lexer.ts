// Where each `{{ key }}` of a template body sits, lexically, in its language: in code, inside a
// single- or double-quoted string, a here-string or a comment. The renderer escapes a value for
// exactly that spot, so a value can never end the string (or the comment) it was put in.
import type { ScriptLanguage } from './parameter-schema';

export type LexContext = 'code' | 'single' | 'double' | 'here_single' | 'here_double' | 'comment';

export type Placeholder = { key: string; start: number; end: number; context: LexContext };

export const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/y;

// PowerShell reads the typographic quotes as quotes too (about_Quoting_Rules); so must we.
const PS_SINGLE = new Set(["'", '\u2018', '\u2019', '\u201A', '\u201B']);
const PS_DOUBLE = new Set(['"', '\u201C', '\u201D', '\u201E']);

const lineStartsAt = (body: string, i: number) => i === 0 || body[i - 1] === '\n';

/** The placeholders of a body, in order, each with its lexical context. */
export const findPlaceholders = (body: string, language: ScriptLanguage): Placeholder[] => {
  const found: Placeholder[] = [];
  let state: LexContext = 'code';
  let blockComment = false;
  for (let i = 0; i < body.length; ) {
    PLACEHOLDER.lastIndex = i;
    const match = body[i] === '{' ? PLACEHOLDER.exec(body) : null;
    if (match) {
      found.push({ key: match[1] as string, start: i, end: i + match[0].length, context: state });
      i += match[0].length;
      continue;
    }
    const c = body[i] as string;
    const next = body[i + 1];
    if (language === 'powershell') {
      if (state === 'code') {
        if (c === '`') {
          i += 2;
          continue;
        }
        if (c === '<' && next === '#') {
          state = 'comment';
          blockComment = true;
        } else if (c === '#') {
          state = 'comment';
          blockComment = false;
        } else if (c === '@' && (next === "'" || next === '"') && /^[ \t]*\r?\n/.test(body.slice(i + 2))) {
          state = next === "'" ? 'here_single' : 'here_double';
          i += 2;
          continue;
        } else if (PS_SINGLE.has(c)) {
          state = 'single';
        } else if (PS_DOUBLE.has(c)) {
          state = 'double';
        }
      } else if (state === 'single') {
        if (PS_SINGLE.has(c)) {
          if (next !== undefined && PS_SINGLE.has(next)) {
            i += 2;
            continue;
          }
          state = 'code';
        }
      } else if (state === 'double') {
        if (c === '`') {
          i += 2;
          continue;
        }
        if (PS_DOUBLE.has(c)) {
          if (next !== undefined && PS_DOUBLE.has(next)) {
            i += 2;
            continue;
          }
          state = 'code';
        }
      } else if (state === 'here_single' || state === 'here_double') {
        const closer = state === 'here_single' ? "'@" : '"@';
        if (lineStartsAt(body, i) && body.startsWith(closer, i)) {
          state = 'code';
          i += 2;
          continue;
        }
      } else if (state === 'comment') {
        if (blockComment ? c === '#' && next === '>' : c === '\n') {
          state = 'code';
          if (blockComment) {
            i += 2;
            continue;
          }
        }
      }
    } else if (language === 'bash') {
      if (state === 'code') {
        if (c === '\\') {
          i += 2;
          continue;
        }
        if (c === '#' && (i === 0 || /\s/.test(body[i - 1] as string))) {
          state = 'comment';
        } else if (c === "'") {
          state = 'single';
        } else if (c === '"') {
          state = 'double';
        }
      } else if (state === 'single') {
        if (c === "'") {
          state = 'code';
        }
      } else if (state === 'double') {
        if (c === '\\') {
          i += 2;
          continue;
        }
        if (c === '"') {
          state = 'code';
        }
      } else if (state === 'comment' && c === '\n') {
        state = 'code';
      }
    } else {
      // cmd: only double quotes quote; a caret escapes the next character outside them.
      if (state === 'code') {
        if (c === '^') {
          i += 2;
          continue;
        }
        if (c === '"') {
          state = 'double';
        } else if (c === '\n') {
          state = 'code';
        }
      } else if (state === 'double' && (c === '"' || c === '\n')) {
        // A line break ends a cmd string as well.
        state = 'code';
      }
    }
    i += 1;
  }
  return found;
};
