// P7.1: rendering a template with values, safely for its language. Each value is escaped for the
// exact lexical spot its placeholder sits in (script-lexer.ts): a value left bare in code is
// quoted unless it is a plain word that needs no quotes (so a rendered script reads like one a
// person wrote, and extraction round-trips); inside a string it is escaped for that string. A
// value that cannot be made safe there is refused with the reason, never passed through.
import type { FieldError } from '#src/lib/app-error';
import { type ParameterValue, type ParameterValues, REDACTED, type ScriptLanguage, type TemplateParameter } from './parameter-schema';
import { findPlaceholders, type LexContext } from './script-lexer';

export type RenderResult = { ok: true; body: string } | { ok: false; errors: FieldError[] };

class Unsafe extends Error {}

// Plain words: no leading dash (an injected switch), @ (splatting) or ~ (tilde expansion), and
// nothing the shell gives a meaning (spaces, quotes, $, `, ;, |, &, globs, commas in PowerShell).
const PLAIN: Record<ScriptLanguage, RegExp> = {
  powershell: /^[A-Za-z0-9_\\/][A-Za-z0-9_.\\/:@-]*$/,
  bash: /^[A-Za-z0-9_./][A-Za-z0-9_./:@%+=,-]*$/,
  cmd: /^[A-Za-z0-9_.\\][A-Za-z0-9_.\\/:@+-]*$/,
};

const PS_SINGLE_QUOTES = /['\u2018\u2019\u201A\u201B]/g;
const PS_DOUBLE_SPECIAL = /[`$"\u201C\u201D\u201E]/g;

const refuse = (reason: string): never => {
  throw new Unsafe(reason);
};

// PowerShell parses a bare word as a string only in argument mode (after a command or a
// parameter name); after `=`, `(` or `,` it is expression mode, where a bare word runs a command.
const PS_ARGUMENT_MODE = /[\w:-]\s+$/;

/** One string value, escaped for where it goes; `before` is the line up to the placeholder. */
const escapeText = (value: string, language: ScriptLanguage, context: LexContext, before = ''): string => {
  if (value.includes('\0')) {
    refuse('contains a NUL character');
  }
  if (context === 'comment') {
    return /[\r\n]/.test(value) || value.includes('#>') ? refuse('would end the comment it is in') : value;
  }
  if (language === 'powershell') {
    // biome-ignore lint/nursery/useExhaustiveSwitchCases: comments are handled above; the default refuses
    switch (context) {
      case 'code':
        return PLAIN.powershell.test(value) && PS_ARGUMENT_MODE.test(before) ? value : `'${value.replace(PS_SINGLE_QUOTES, (q) => q + q)}'`;
      case 'single':
        return value.replace(PS_SINGLE_QUOTES, (q) => q + q);
      case 'double':
        return value.replace(PS_DOUBLE_SPECIAL, (q) => `\`${q}`);
      case 'here_single':
        return /(^|\n)'@/.test(value) ? refuse("a line starting with '@ would end the here-string") : value;
      case 'here_double':
        return /(^|\n)"@/.test(value)
          ? refuse('a line starting with "@ would end the here-string')
          : value.replace(/[`$]/g, (q) => `\`${q}`);
    }
  }
  if (language === 'bash') {
    switch (context) {
      case 'code':
        return PLAIN.bash.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
      case 'single':
        return value.replace(/'/g, `'\\''`);
      case 'double':
        // Inside double quotes an interactive shell still expands !history; nothing escapes it there.
        return value.includes('!')
          ? refuse('"!" cannot be made safe inside double quotes; put the placeholder outside them')
          : value.replace(/[\\"$`]/g, (q) => `\\${q}`);
      default:
        return refuse('this spot in a bash script cannot hold a value');
    }
  }
  // cmd: inside double quotes & | < > ^ ( ) are literal, so values are quoted rather than
  // caret-escaped. What cmd expands or ends even inside quotes cannot be made safe at all.
  if (/["%!\r\n]/.test(value)) {
    const what = value.includes('"')
      ? 'a double quote cannot be escaped inside a cmd string'
      : value.includes('%')
        ? '"%" would expand a variable in cmd'
        : value.includes('!')
          ? '"!" would expand a variable where delayed expansion is on'
          : 'cmd cannot take a line break inside a value';
    refuse(what);
  }
  if (context === 'double') {
    return value;
  }
  return PLAIN.cmd.test(value) ? value : `"${value}"`;
};

const renderBoolean = (value: boolean, language: ScriptLanguage, context: LexContext) => {
  if (context !== 'code') {
    return value ? 'true' : 'false';
  }
  return language === 'powershell' ? (value ? '$true' : '$false') : language === 'bash' ? (value ? 'true' : 'false') : value ? '1' : '0';
};

const renderList = (values: string[], language: ScriptLanguage, context: LexContext) => {
  if (context !== 'code') {
    return refuse('a list cannot go inside a string; put the placeholder in code');
  }
  const quoted = values.map((v) => (language === 'cmd' ? `"${escapeText(v, 'cmd', 'double')}"` : `'${escapeText(v, language, 'single')}'`));
  return language === 'powershell' ? `@(${quoted.join(', ')})` : quoted.join(' ');
};

/** A value checked against its parameter; an error message, or null when it is acceptable. */
export const checkValue = (parameter: TemplateParameter, value: ParameterValue | undefined | null): string | null => {
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) {
    return parameter.required ? 'Required' : null;
  }
  switch (parameter.type) {
    case 'boolean':
      return typeof value === 'boolean' ? null : 'Yes or no';
    case 'number': {
      const n = typeof value === 'number' ? value : Number(value);
      if (typeof value === 'string' && !/^-?\d+(\.\d+)?$/.test(value.trim())) {
        return 'A number';
      }
      if (!Number.isFinite(n)) {
        return 'A number';
      }
      if (parameter.min !== undefined && n < parameter.min) {
        return `At least ${parameter.min}`;
      }
      if (parameter.max !== undefined && n > parameter.max) {
        return `At most ${parameter.max}`;
      }
      return null;
    }
    case 'multi_text':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && !/[\r\n]/.test(v)) ? null : 'A list of single-line values';
    case 'select':
      return typeof value === 'string' && parameter.options?.includes(value) ? null : `One of: ${parameter.options?.join(', ')}`;
    default: {
      if (typeof value !== 'string') {
        return 'Text';
      }
      if (parameter.type !== 'textarea' && /[\r\n]/.test(value)) {
        return 'One line only';
      }
      if (parameter.maxLength !== undefined && value.length > parameter.maxLength) {
        return `At most ${parameter.maxLength} characters`;
      }
      if (parameter.pattern && !new RegExp(`^(?:${parameter.pattern})$`).test(value)) {
        return 'Does not have the expected form';
      }
      return null;
    }
  }
};

/** The value a parameter takes: the given one, else its default. */
const takenValue = (parameter: TemplateParameter, values: ParameterValues) => {
  const given = values[parameter.key];
  return given === undefined || given === '' ? (parameter.default ?? undefined) : given;
};

/** Placeholders in the body that no parameter defines, and parameters the body never uses. */
export const checkTemplate = (body: string, language: ScriptLanguage, parameters: TemplateParameter[]): FieldError[] => {
  const keys = new Set(parameters.map((p) => p.key));
  const used = findPlaceholders(body, language);
  const errors: FieldError[] = [];
  for (const placeholder of used) {
    if (!keys.has(placeholder.key)) {
      errors.push({ path: 'body', message: `{{ ${placeholder.key} }} is not a parameter` });
    }
  }
  for (const p of parameters) {
    if (!used.some((u) => u.key === p.key)) {
      errors.push({ path: `parameters.${p.key}`, message: `{{ ${p.key} }} does not appear in the script` });
    }
  }
  return errors;
};

/**
 * Renders the body with the values. `redactPasswords` renders password values as •••• (what is
 * stored and shown); without it the result is the script to run.
 */
export const renderScript = (
  body: string,
  language: ScriptLanguage,
  parameters: TemplateParameter[],
  values: ParameterValues,
  options: { redactPasswords?: boolean } = {},
): RenderResult => {
  const errors: FieldError[] = [];
  for (const p of parameters) {
    const problem = checkValue(p, takenValue(p, values));
    if (problem) {
      errors.push({ path: p.key, message: problem });
    }
  }
  if (errors.length) {
    return { ok: false, errors };
  }
  const byKey = new Map(parameters.map((p) => [p.key, p]));
  let out = '';
  let at = 0;
  for (const placeholder of findPlaceholders(body, language)) {
    const parameter = byKey.get(placeholder.key);
    out += body.slice(at, placeholder.start);
    at = placeholder.end;
    if (!parameter) {
      errors.push({ path: 'body', message: `{{ ${placeholder.key} }} is not a parameter` });
      continue;
    }
    const value = takenValue(parameter, values);
    try {
      if (value === undefined || value === null) {
        out += escapeText('', language, placeholder.context);
      } else if (parameter.type === 'boolean') {
        out += renderBoolean(value === true, language, placeholder.context);
      } else if (parameter.type === 'multi_text') {
        out += renderList(value as string[], language, placeholder.context);
      } else if (parameter.type === 'password' && options.redactPasswords) {
        out += REDACTED;
      } else if (parameter.type === 'number' && placeholder.context === 'code') {
        // Checked to be a numeral above: a number stands bare, as a number.
        out += String(value).trim();
      } else {
        const lineStart = body.lastIndexOf('\n', placeholder.start - 1) + 1;
        out += escapeText(String(value), language, placeholder.context, body.slice(lineStart, placeholder.start));
      }
    } catch (error) {
      if (!(error instanceof Unsafe)) {
        throw error;
      }
      errors.push({ path: parameter.key, message: `Cannot be used safely here: ${error.message}` });
    }
  }
  out += body.slice(at);
  return errors.length ? { ok: false, errors } : { ok: true, body: out };
};

/** "computer_name = PRN-02, admin_password = ••••": the parameters as notes and logs show them. */
export const describeValues = (parameters: TemplateParameter[], values: ParameterValues) =>
  parameters
    .map((p) => {
      const value = takenValue(p, values);
      if (value === undefined || value === null || value === '') {
        return null;
      }
      const shown = p.type === 'password' ? REDACTED : Array.isArray(value) ? value.join(', ') : String(value);
      return `${p.key} = ${shown}`;
    })
    .filter((line): line is string => line !== null)
    .join(', ');

/** The values with passwords replaced by ••••, for storing. */
export const redactValues = (parameters: TemplateParameter[], values: ParameterValues): ParameterValues =>
  Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, parameters.find((p) => p.key === key)?.type === 'password' ? REDACTED : value]),
  );
