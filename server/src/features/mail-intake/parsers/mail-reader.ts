// Reads a raw .eml into what parsers need. A file without mail headers is refused with a reason.
import { simpleParser } from 'mailparser';
import { cleanText } from '#src/lib/boundary-text';
import type { ReportMail } from './report-parser';
import { ReportParseError } from './report-parser';

const FORWARD_PREFIX = /^(?:fw|fwd|wg|tr|rv|doorst)\s?:/i;
const FROM_LABELS = ['from:', 'von:', 'van:', 'de:', 'da:', 'från:'];

/** The original sender of a forwarded mail, from the first "From: Name <address>" line of its body. */
const originalSender = (text: string): string | null => {
  for (const raw of text.split('\n').slice(0, 200)) {
    const line = raw.trim();
    const label = FROM_LABELS.find((l) => line.toLowerCase().startsWith(l));
    if (!label) {
      continue;
    }
    const open = line.lastIndexOf('<');
    const close = line.lastIndexOf('>');
    const inBrackets = open >= 0 && close > open ? line.slice(open + 1, close) : line.slice(label.length).trim();
    const address = inBrackets
      .replace(/^mailto:/i, '')
      .trim()
      .toLowerCase();
    if (/^[^\s@]+@[^\s@]+$/.test(address)) {
      return address;
    }
  }
  return null;
};

export const readReportMail = async (raw: Buffer): Promise<ReportMail> => {
  const head = raw.subarray(0, 8192).toString('latin1');
  if (!/^(from|subject|date|message-id|received|return-path|mime-version):/im.test(head)) {
    throw new ReportParseError('This is not an e-mail: no mail headers (From, Subject, Date…) at the start.');
  }
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const dateHeader =
    raw
      .toString('latin1')
      .match(/^Date:[ \t]*(.+)$/im)?.[1]
      ?.trim() ?? null;
  // N4: a mail may carry NUL bytes or broken surrogates (an encoded subject, a bad charset); the
  // fields we read are cleaned, the raw bytes stay as received.
  const from = cleanText((mail.from?.value[0]?.address ?? '').toLowerCase());
  const subject = cleanText(mail.subject ?? '');
  const text = cleanText(mail.text ?? '');
  return {
    from,
    reportedBy: (FORWARD_PREFIX.test(subject) ? originalSender(text) : null) ?? from,
    subject,
    text,
    html: typeof mail.html === 'string' ? cleanText(mail.html) : null,
    dateHeader,
    date: mail.date ?? null,
    messageId: mail.messageId ? cleanText(mail.messageId) : null,
  };
};
