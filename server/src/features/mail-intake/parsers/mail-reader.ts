// Reads a raw .eml into what parsers need. A file without mail headers is refused with a reason.
import { simpleParser } from 'mailparser';
import { cleanText } from '#src/lib/boundary-text';
import type { ReportMail } from './report-parser';
import { ReportParseError } from './report-parser';

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
  return {
    from: cleanText((mail.from?.value[0]?.address ?? '').toLowerCase()),
    subject: cleanText(mail.subject ?? ''),
    text: cleanText(mail.text ?? ''),
    html: typeof mail.html === 'string' ? cleanText(mail.html) : null,
    dateHeader,
    date: mail.date ?? null,
    messageId: mail.messageId ? cleanText(mail.messageId) : null,
  };
};
