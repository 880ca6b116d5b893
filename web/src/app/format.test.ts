// The one date-time format: the time zone is always named (issue 19).
import { describe, expect, it } from 'vitest';
import { formatBytes, formatDateTime, setDisplayTimeZone } from './format';

describe('formatDateTime', () => {
  it('shows date, time and the time zone', () => {
    const shown = formatDateTime('2026-11-30T21:40:00Z');
    expect(shown).toMatch(/2026/);
    expect(shown).toMatch(/\d{1,2}:\d{2}/);
    expect(shown).toMatch(/UTC|GMT|[A-Z]{2,5}|[+-]\d/);
  });

  it('shows the zone the user chose, and falls back to the browser’s for an unknown one', () => {
    setDisplayTimeZone('Asia/Tokyo');
    expect(formatDateTime('2026-11-30T21:40:00Z')).toMatch(/Dec 1, 2026.*6:40/);
    setDisplayTimeZone('Not/AZone');
    expect(() => formatDateTime('2026-11-30T21:40:00Z')).not.toThrow();
    setDisplayTimeZone(undefined);
  });
});

describe('formatBytes', () => {
  it('counts in powers of 1024 as backup products do', () => {
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1_319_413_953_331)).toBe('1.2 TB');
    expect(formatBytes(104_260_331_110)).toBe('97.1 GB');
  });
});
