// Reads a raw .eml into what parsers need. A file without mail headers is refused with a reason.
import { simpleParser } from 'mailparser';
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
  return {
    from: (mail.from?.value[0]?.address ?? '').toLowerCase(),
    subject: mail.subject ?? '',
    text: mail.text ?? '',
    html: typeof mail.html === 'string' ? mail.html : null,
    dateHeader,
    date: mail.date ?? null,
    messageId: mail.messageId ?? null,
  };
};
