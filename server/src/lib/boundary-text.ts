import { z } from 'zod';

// N4: one rule for text at the boundary. PostgreSQL cannot store a NUL byte in text, and an
// unpaired UTF-16 surrogate is not text at all; both are refused where a person or a machine
// sends them (400 naming the field), and cleaned where the text comes from a mail.
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const textProblem = (text: string): string | null =>
  text.includes('\u0000')
    ? 'contains a NUL byte'
    : UNPAIRED_SURROGATE.test(text)
      ? 'contains an unpaired surrogate (not valid Unicode)'
      : null;

/** Replaces NUL bytes and unpaired surrogates (for text read from mails, which we never refuse). */
export const cleanText = (text: string): string =>
  text.replaceAll('\u0000', '').replace(new RegExp(UNPAIRED_SURROGATE.source, 'g'), '\uFFFD');

/** The first string (or key) in `value` that breaks the rule, with its path; null when all is well. */
export const findUnsafeText = (value: unknown, path: string, depth = 0): { path: string; problem: string } | null => {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? { path, problem } : null;
  }
  if (depth > 64 || value === null || typeof value !== 'object') {
    return null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnsafeText(value[i], `${path}.${i}`, depth + 1);
      if (found) {
        return found;
      }
    }
    return null;
  }
  for (const [key, inner] of Object.entries(value)) {
    const keyProblem = textProblem(key);
    if (keyProblem) {
      return { path: `${path}.${cleanText(key)}`, problem: `has a key that ${keyProblem}` };
    }
    const found = findUnsafeText(inner, `${path}.${key}`, depth + 1);
    if (found) {
      return found;
    }
  }
  return null;
};

/** Dates both engines store and a person could mean (PGlite refuses year 0, PostgreSQL year 294277). */
export const SANE_YEARS = { min: 1970, max: 2200 } as const;

export const isSaneDate = (iso: string) => {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) {
    return false;
  }
  const year = new Date(at).getUTCFullYear();
  return year >= SANE_YEARS.min && year <= SANE_YEARS.max;
};

/** An ISO 8601 date-time with offset, within the sane range. */
export const SaneDateTime = z.iso.datetime({ offset: true }).refine(isSaneDate, `A date between ${SANE_YEARS.min} and ${SANE_YEARS.max}`);
