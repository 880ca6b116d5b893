import { describe, expect, it } from 'vitest';
import { offsetMinutesOf, parseWallClock } from './wall-clock';

describe('wall-clock times in report mails', () => {
  it('reads the offset of the Date header', () => {
    expect(offsetMinutesOf('Sun, 16 Nov 2026 22:41:12 +0100')).toBe(60);
    expect(offsetMinutesOf('Sun, 16 Nov 2026 22:41:12 -0530 (EST)')).toBe(-330);
    expect(offsetMinutesOf(null)).toBe(0);
  });
  it.each([
    ['16.11.2026 22:00:05', '2026-11-16T21:00:05.000Z'],
    ['11/16/2026 10:00:05 PM', '2026-11-16T21:00:05.000Z'],
    ['Sunday, November 16, 2026 10:00:05 PM', '2026-11-16T21:00:05.000Z'],
    ['2026-11-16 22:00', '2026-11-16T21:00:00.000Z'],
  ])('reads %s at +01:00', (value, expected) => {
    expect(parseWallClock(value, 60)?.toISOString()).toBe(expected);
  });
  it('refuses what it cannot read', () => {
    expect(parseWallClock('yesterday evening', 0)).toBeNull();
    expect(parseWallClock('31.13.2026 10:00', 0)).toBeNull();
  });
});
