// The one date-time format: the time zone is always named (issue 19).
import { describe, expect, it } from 'vitest';
import { formatDateTime } from './format';

describe('formatDateTime', () => {
  it('shows date, time and the time zone', () => {
    const shown = formatDateTime('2026-11-30T21:40:00Z');
    expect(shown).toMatch(/2026/);
    expect(shown).toMatch(/\d{1,2}:\d{2}/);
    expect(shown).toMatch(/UTC|GMT|[A-Z]{2,5}|[+-]\d/);
  });
});
