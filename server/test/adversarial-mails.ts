// Whole .eml files of about 1 MB that anyone could send to a polled report mailbox, shaped to hit
// the costly paths: long whitespace runs inside fields, deeply nested unclosed tags, a giant cell,
// a quoted-printable body of soft line breaks, many MIME parts. Used by the stall test and the
// mail-intake bench (issue 11 items 6 and 8).
const MB = 1024 * 1024;

const eml = (subject: string, contentType: string, body: string, extraHeaders = '') =>
  Buffer.from(
    `From: backup@adversary.example\r\nTo: reports@msp.example\r\nSubject: ${subject}\r\nDate: Mon, 30 Nov 2026 22:15:00 +0100\r\nMessage-ID: <${Math.random().toString(36).slice(2)}@adversary.example>\r\nMIME-Version: 1.0\r\n${extraHeaders}Content-Type: ${contentType}\r\n\r\n${body}\r\n`,
  );

export const adversarialMails = (): { name: string; raw: Buffer }[] => [
  { name: 'whitespace run in a field', raw: eml('Hyper Backup task completed', 'text/plain; charset=utf-8', `Task: a${' '.repeat(MB)}b`) },
  {
    name: 'deeply nested unclosed tags',
    raw: eml(
      '[Failed] Backup job: x (1 objects)',
      'text/html; charset=utf-8',
      `<html><body>Backup job: x${'<table><tr><td>'.repeat(MB / 16)}`,
    ),
  },
  {
    name: 'a giant table cell',
    raw: eml('[Failed] Backup job: x', 'text/html; charset=utf-8', `<table><tr><td>Backup job: ${' '.repeat(MB)}x</td></tr></table>`),
  },
  {
    name: 'quoted-printable soft line breaks',
    raw: eml(
      'Backup FAILED - nightly',
      'text/html; charset=utf-8',
      '=\r\n'.repeat(MB / 3),
      'Content-Transfer-Encoding: quoted-printable\r\n',
    ),
  },
  {
    name: 'many MIME parts',
    raw: eml(
      'Active Backup for Business - Backup task x on nas completed',
      'multipart/mixed; boundary="b"',
      `${'--b\r\nContent-Type: text/plain\r\n\r\nTask: x\r\n'.repeat(MB / 40)}--b--`,
    ),
  },
];
