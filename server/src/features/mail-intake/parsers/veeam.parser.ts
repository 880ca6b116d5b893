// Veeam job reports, read by the structure Veeam really sends (report-mail-formats.md §1–§4):
// - a header row: "<Type> job: <name>" with a job description div, and the result word with an
//   "N of M VMs processed" div in the next cell — text extraction would glue them together;
// - the session start as a long local date, once (`.sessionDetails`), then times of day only in
//   the summary grid and object rows, with no zone: the Date header's offset applies, and an end
//   before the start is the next day (or `(+N)` days);
// - the remark in an unlabelled `rowspan=3` cell of the grid; "Details" is a band, not a label;
// - one object row per VM/host after `tr.processObjectsHeader`, details lines split by <br />.
// One mail may hold several jobs: the Enterprise Manager daily summary repeats the header per job
// ("(<backup server>)" after the name, "2 Failed" as the status, full dates in the rows, no grid),
// so the report is read block by block, a block being the rows from one job header to the next.
// The product is told by the description line (Veeam Agent for Microsoft Windows / for Linux,
// Veeam Backup for Microsoft 365); anything else is Backup & Replication. Outlook forwards prefix
// every class with `x_`, so classes are looked up with and without it.
import type { HTMLElement } from 'node-html-parser';
import { collapseSpace, parseReportHtml } from './html-tables';
import { instantOf, parseLongDate, parseTimeOfDay } from './long-dates';
import type { ParsedRun, ReportMail, ReportParser } from './report-parser';
import { ReportParseError } from './report-parser';
import { offsetMinutesOf, parseWallClock } from './wall-clock';

type Status = 'success' | 'warning' | 'error';

const TITLE = /^(Backup Copy|Backup|Replication|File Backup|Agent Backup) job:\s*(.+)$/i;
/** Decorations Veeam adds to a session's title; they are not part of the job's name. */
const DECORATION = /\s*\((?:Full|Retry \d{1,3}|Incremental)\)$/i;
const FINAL: Record<string, Status> = { success: 'success', warning: 'warning', failed: 'error', error: 'error' };
const NOT_FINAL = new Set(['pending', 'none', 'in progress', 'running', 'idle']);
const PRODUCTS = ['Veeam Agent for Microsoft Windows', 'Veeam Agent for Linux', 'Veeam Backup for Microsoft 365'];

const byClass = (root: HTMLElement, name: string) => root.querySelectorAll(`.${name}, .x_${name}`);
const hasClass = (el: HTMLElement, name: string) => el.classList.contains(name) || el.classList.contains(`x_${name}`);
const textOf = (el: HTMLElement | null | undefined) => collapseSpace(el?.textContent ?? '');
// Direct children and direct text only: a descendant search from every cell would be quadratic
// on deeply nested (or hostile) markup.
const isElement = (node: unknown): node is HTMLElement => (node as { nodeType?: number }).nodeType === 1;
const childElements = (el: HTMLElement, tag: string) =>
  el.childNodes.filter((n): n is HTMLElement => isElement(n) && n.rawTagName?.toLowerCase() === tag);
const directText = (el: HTMLElement) =>
  collapseSpace(
    el.childNodes
      .filter((n) => n.nodeType === 3)
      .map((n) => n.text)
      .join(''),
  );
const descriptionOf = (cell: HTMLElement) => textOf(childElements(cell, 'div').find((d) => hasClass(d, 'jobDescription')));

/** The lines of a details span: Veeam joins them with <br />. */
const linesOf = (el: HTMLElement | null | undefined) =>
  (el?.innerHTML ?? '')
    .split(/<br\s*\/?>/i)
    .map((part) => collapseSpace(parseReportHtml(part).textContent))
    .filter(Boolean);

type Word = { status: Status; unknown: string | null } | 'not_final';

const statusWord = (word: string): Word => {
  const key = word.trim().toLowerCase();
  if (FINAL[key]) {
    return { status: FINAL[key] as Status, unknown: null };
  }
  if (NOT_FINAL.has(key)) {
    return 'not_final';
  }
  // A word we do not know is never a success.
  return { status: 'warning', unknown: word.trim() };
};

/** Enterprise Manager's "2 Failed" / "1 Success" status cell. */
const countedStatus = (text: string): Word | null => {
  const [count, ...rest] = text.trim().split(' ');
  return count && /^\d{1,6}$/.test(count) && rest.length ? statusWord(rest.join(' ')) : null;
};

/** "10:41:10 PM", "00:12:03 (+1)" → time of day and extra days. */
const timeCell = (text: string) => {
  const plus = /\(\+(\d{1,2})\)\s*$/.exec(text);
  const time = parseTimeOfDay(plus ? text.slice(0, plus.index) : text);
  return time ? { time, days: plus ? Number(plus[1]) : 0 } : null;
};

type Block = { titleCell: HTMLElement; rows: HTMLElement[] };

const readBlock = (block: Block, mail: ReportMail, summary: boolean): ParsedRun => {
  const { titleCell, rows } = block;
  const title = TITLE.exec(directText(titleCell)) as RegExpExecArray;
  let name = collapseSpace(title[2] as string);
  let attempt = 1;
  for (let i = 0; i < 3 && DECORATION.test(name); i++) {
    const retry = /\(Retry (\d{1,3})\)$/i.exec(name);
    if (retry) {
      // "(Retry N)" is the (N+1)th attempt of the session.
      attempt = Number(retry[1]) + 1;
    }
    name = name.replace(DECORATION, '');
  }
  const description = descriptionOf(titleCell);
  const software = PRODUCTS.find((p) => description.startsWith(p)) ?? 'Veeam Backup & Replication';
  const resultCell = titleCell.nextElementSibling;
  const resultText = resultCell ? directText(resultCell) : '';
  const counted = summary ? countedStatus(resultText) : null;
  if (summary && counted && name.endsWith(')') && name.lastIndexOf(' (') > 0) {
    name = name.slice(0, name.lastIndexOf(' (')); // "(<backup server>)"
  }
  const subjectWord = /\[(Success|Warning|Failed|Error)\]/i.exec(mail.subject)?.[1] ?? '';
  const read = counted ?? statusWord(resultText || subjectWord);
  if (read === 'not_final') {
    throw new ReportParseError(`The Veeam session of "${name}" is not finished ("${resultText}"); the final report follows.`);
  }

  const headerAt = rows.findIndex((tr) => hasClass(tr, 'processObjectsHeader') || textOf(childElements(tr, 'td')[0]) === 'Name');
  const summaryRows = headerAt >= 0 ? rows.slice(0, headerAt) : rows;
  const grid = new Map<string, string>();
  let remark: string[] = [];
  let sessionText = '';
  for (const tr of summaryRows) {
    const cells = childElements(tr, 'td');
    cells.forEach((td, i) => {
      if (hasClass(td, 'sessionDetails')) {
        sessionText = textOf(td);
      }
      const label = childElements(td, 'b')[0];
      if (label && !directText(td) && cells[i + 1]) {
        grid.set(textOf(label).toLowerCase(), textOf(cells[i + 1]));
      }
      if (td.getAttribute('rowspan') === '3') {
        remark = linesOf(byClass(td, 'small_label')[0] ?? td);
      }
    });
  }
  const offset = offsetMinutesOf(mail.dateHeader);
  const session = parseLongDate(sessionText);

  // Object rows: the header's own table only, same shape as the header (a "Backup Target" table
  // or a details band after it is not an object).
  const header = headerAt >= 0 ? (rows[headerAt] as HTMLElement) : null;
  const columns = header ? childElements(header, 'td').map((td) => textOf(td).toLowerCase()) : [];
  const column = (label: string) => columns.indexOf(label);
  const objectRows = header
    ? rows.slice(headerAt + 1).filter((tr) => tr.parentNode === header.parentNode && childElements(tr, 'td').length === columns.length)
    : [];
  const type =
    software.includes('Agent') || (title[1] as string).toLowerCase().includes('agent')
      ? 'Host'
      : software.includes('365')
        ? 'Object'
        : 'VM';
  const rowTimes: Date[] = [];
  const objects = objectRows.flatMap((tr) => {
    const cells = childElements(tr, 'td');
    const objectName = textOf(cells[0]);
    const word = textOf(cells[1]);
    if (!objectName || !word) {
      return [];
    }
    // Enterprise Manager and policy reports print full dates in the rows.
    for (const label of ['start time', 'end time']) {
      const at = column(label) >= 0 ? parseWallClock(textOf(cells[column(label)]), offset) : null;
      if (at) {
        rowTimes.push(at);
      }
    }
    const status = statusWord(word);
    const detailsAt = column('details');
    const details = detailsAt >= 0 ? linesOf(byClass(cells[detailsAt] as HTMLElement, 'small_label')[0] ?? cells[detailsAt]) : [];
    return [
      {
        name: objectName.slice(0, 300),
        type,
        status: status === 'not_final' ? ('warning' as Status) : status.status,
        messages: [...(status !== 'not_final' && status.unknown ? [`Unknown status "${status.unknown}"`] : []), ...details]
          .slice(0, 50)
          .map((m) => m.slice(0, 2000)),
      },
    ];
  });

  let startedAt: Date | null = null;
  let endedAt: Date | null = null;
  const start = timeCell(grid.get('start time') ?? '');
  const end = timeCell(grid.get('end time') ?? '');
  if (session && (start || session.time)) {
    startedAt = instantOf(session.date, start?.time ?? (session.time as NonNullable<typeof session.time>), offset);
    if (end) {
      endedAt = instantOf(session.date, end.time, offset, end.days);
      if (!end.days && endedAt < startedAt) {
        endedAt = instantOf(session.date, end.time, offset, 1); // past midnight
      }
    }
  } else if (rowTimes.length) {
    startedAt = new Date(rowTimes.map((t) => t.getTime()).reduce((a, b) => Math.min(a, b)));
    endedAt = new Date(rowTimes.map((t) => t.getTime()).reduce((a, b) => Math.max(a, b)));
  } else {
    throw new ReportParseError(
      `The Veeam report of "${name}" has no readable session date and start time (the summary table is missing or truncated).`,
    );
  }
  // Standalone agents on many computers often share one sender and one job name ("Laptop
  // backup"); the computer (the report's only row) keeps their jobs apart, as the default subject
  // "[Result] COMPUTER - JOB - time" does.
  if (software === 'Veeam Agent for Microsoft Windows' && objects.length === 1) {
    name = `${objects[0]?.name} - ${name}`;
  }
  const remarkText = [...(read.unknown ? [`Unknown Veeam result "${read.unknown}"`] : []), ...remark].join('\n');
  return {
    job: { name: name.slice(0, 300), software, type: title[1] as string },
    status: read.status,
    startedAt: startedAt.toISOString(),
    ...(endedAt && { endedAt: endedAt.toISOString() }),
    remark: remarkText.slice(0, 4000),
    objects,
    ...(attempt > 1 && { attempt }),
  };
};

export const veeamParser: ReportParser = {
  id: 'veeam-backup-replication',
  label: 'Veeam job report',
  match: { body: /(?:Backup Copy|Backup|Replication|File Backup|Agent Backup) job:/i },
  parse(mail: ReportMail): ParsedRun[] {
    if (!mail.html) {
      throw new ReportParseError('The Veeam report has no HTML part.');
    }
    const root = parseReportHtml(mail.html);
    const rows = root.querySelectorAll('tr');
    const titleRows = rows.flatMap((tr, at) => {
      const titleCell = childElements(tr, 'td').find((td) => TITLE.test(directText(td)));
      return titleCell ? [{ at, titleCell }] : [];
    });
    if (titleRows.length === 0) {
      throw new ReportParseError('No "<type> job: <name>" header found in the Veeam report.');
    }
    const summary = titleRows.length > 1 || /^last 24 hours:/i.test(mail.subject.replace(/^(?:fw|fwd|wg):\s*/i, ''));
    return titleRows.map(({ at, titleCell }, i) =>
      readBlock({ titleCell, rows: rows.slice(at + 1, titleRows[i + 1]?.at ?? rows.length) }, mail, summary),
    );
  },
};
