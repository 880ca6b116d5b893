// Anyone who can send a mail to a polled mailbox chooses what the parsers read, so every parser
// must stay linear in its input (issue 11, issue 13 finding 10). Each adversarial mail is about
// 1 MB; a backtracking pattern would take minutes on these and fail the test by its timeout.
import { describe, expect, it } from 'vitest';
import { REPORT_PARSERS } from './registry';
import { type ReportMail, ReportParseError } from './report-parser';
import { offsetMinutesOf } from './wall-clock';

const MB = 1024 * 1024;
const mail = (overrides: Partial<ReportMail>): ReportMail => ({
  from: 'backup@example.test',
  reportedBy: 'backup@example.test',
  subject: 'Hyper Backup task completed',
  text: '',
  html: null,
  dateHeader: 'Mon, 30 Nov 2026 22:15:00 +0100',
  date: new Date('2026-11-30T21:15:00Z'),
  messageId: '<adversarial@example.test>',
  ...overrides,
});

const ADVERSARIAL: [string, ReportMail][] = [
  ['a long run of whitespace inside a field', mail({ text: `Task: a${' '.repeat(MB)}b` })],
  ['a long run of spaces and tabs before a colon', mail({ text: `Result${' \t'.repeat(MB / 2)}x` })],
  ['a giant line of " - "', mail({ subject: 'Active Backup for Business', text: `${'x - '.repeat(MB / 4)}Succeeded y` })],
  ['a giant single line', mail({ text: 'a'.repeat(MB) })],
  ['many short lines', mail({ text: 'Task:\n'.repeat(MB / 6) })],
  ['deeply nested unclosed tags', mail({ subject: '[Failed] Backup job: x', html: '<table><tr><td>'.repeat(MB / 16) })],
  ['a giant table cell', mail({ subject: '[Failed] Backup job: x', html: `<table><tr><td>${' '.repeat(MB)}x</td></tr></table>` })],
  ['whitespace after the Date offset', mail({ dateHeader: `Mon, 30 Nov 2026 22:15:00 +0100${' '.repeat(MB)}x` })],
];

describe('parsers on adversarial mails', () => {
  it.each(ADVERSARIAL)(
    'every parser finishes on %s',
    (_name, input) => {
      for (const parser of REPORT_PARSERS) {
        try {
          const runs = parser.parse(input);
          expect(Array.isArray(runs)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(ReportParseError);
        }
      }
      // Linear work on 1 MB takes a few seconds at most on a busy CI machine; quadratic work, hours.
    },
    30_000,
  );

  it('reads the Date offset without backtracking', () => {
    expect(offsetMinutesOf(`Mon, 30 Nov 2026 22:15:00 +0100${' '.repeat(MB)}x`)).toBe(0);
    expect(offsetMinutesOf(`Mon, 30 Nov 2026 22:15:00 +0100${' '.repeat(MB)}`)).toBe(60);
  });
});
