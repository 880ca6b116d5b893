// Veeam Backup & Replication job reports (backup, backup copy, replication, file backup and agent
// jobs managed by VBR), read by the structure Veeam really sends (report-mail-formats.md §1):
// - a header row: "<Type> job: <name>" with a job description div, and the result word with an
//   "N of M VMs processed" div in the next cell — text extraction would glue them together;
// - the session start as a long local date, once (`.sessionDetails`), then times of day only in
//   the summary grid and object rows, with no zone: the Date header's offset applies, and an end
//   before the start is the next day (or `(+N)` days);
// - the remark in an unlabelled `rowspan=3` cell of the grid; "Details" is a band, not a label;
// - one object row per VM/host after `tr.processObjectsHeader`, details lines split by <br />.
// Outlook forwards prefix every class with `x_`, so classes are looked up with and without it.
import type { HTMLElement } from 'node-html-parser';
import { collapseSpace, parseReportHtml } from './html-tables';
import { instantOf, parseLongDate, parseTimeOfDay } from './long-dates';
import type { ParsedRun, ReportMail, ReportParser } from './report-parser';
import { ReportParseError } from './report-parser';
import { offsetMinutesOf } from './wall-clock';

type Status = 'success' | 'warning' | 'error';

const TITLE = /^(Backup Copy|Backup|Replication|File Backup|Agent Backup) job:\s*(.+)$/i;
/** Decorations Veeam adds to a session's title; they are not part of the job's name. */
const DECORATION = /\s*\((?:Full|Retry \d{1,3}|Incremental)\)$/i;
const FINAL: Record<string, Status> = { success: 'success', warning: 'warning', failed: 'error', error: 'error' };
const NOT_FINAL = new Set(['pending', 'none', 'in progress', 'running', 'idle']);

const byClass = (root: HTMLElement, name: string) => root.querySelectorAll(`.${name}, .x_${name}`);
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
const textOf = (el: HTMLElement | null | undefined) => collapseSpace(el?.textContent ?? '');

/** A cell's own text without its job-description div (status and count share one cell). */
const ownText = (cell: HTMLElement) => {
  const full = textOf(cell);
  const description = byClass(cell, 'jobDescription')[0];
  const rest = description ? full.slice(0, Math.max(0, full.length - textOf(description).length)) : full;
  return { text: collapseSpace(rest), description: textOf(description) };
};

/** The lines of a details span: Veeam joins them with <br />. */
const linesOf = (el: HTMLElement | null | undefined) =>
  (el?.innerHTML ?? '')
    .split(/<br\s*\/?>/i)
    .map((part) => collapseSpace(parseReportHtml(part).textContent))
    .filter(Boolean);

const statusWord = (word: string): { status: Status; unknown: string | null } | 'not_final' => {
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

/** "10:41:10 PM", "00:12:03 (+1)" → time of day and extra days. */
const timeCell = (text: string) => {
  const plus = /\(\+(\d{1,2})\)\s*$/.exec(text);
  const time = parseTimeOfDay(plus ? text.slice(0, plus.index) : text);
  return time ? { time, days: plus ? Number(plus[1]) : 0 } : null;
};

export const veeamParser: ReportParser = {
  id: 'veeam-backup-replication',
  label: 'Veeam Backup & Replication job report',
  match: { body: /(?:Backup Copy|Backup|Replication|File Backup|Agent Backup) job:/i },
  parse(mail: ReportMail): ParsedRun[] {
    if (!mail.html) {
      throw new ReportParseError('The Veeam report has no HTML part.');
    }
    const root = parseReportHtml(mail.html);
    const titleCell = root.querySelectorAll('td').find((td) => TITLE.test(directText(td)));
    const title = titleCell ? TITLE.exec(ownText(titleCell).text) : null;
    if (!titleCell || !title) {
      throw new ReportParseError('No "<type> job: <name>" header found in the Veeam report.');
    }
    let name = collapseSpace(title[2] as string);
    for (let i = 0; i < 3 && DECORATION.test(name); i++) {
      name = name.replace(DECORATION, '');
    }
    const resultCell = titleCell.nextElementSibling;
    const result = resultCell ? ownText(resultCell) : { text: '', description: '' };
    const subjectWord = /\[(Success|Warning|Failed|Error)\]/i.exec(mail.subject)?.[1] ?? '';
    const read = statusWord(result.text || subjectWord);
    if (read === 'not_final') {
      throw new ReportParseError(`The Veeam session is not finished ("${result.text}"); the final report follows.`);
    }

    const session = parseLongDate(textOf(byClass(root, 'sessionDetails')[0]));
    const rows = root.querySelectorAll('tr');
    const headerAt = rows.findIndex(
      (tr) => tr.classList.contains('processObjectsHeader') || tr.classList.contains('x_processObjectsHeader'),
    );
    const summaryRows = headerAt >= 0 ? rows.slice(0, headerAt) : rows;
    const grid = new Map<string, string>();
    let remark: string[] = [];
    for (const tr of summaryRows) {
      const cells = childElements(tr, 'td');
      cells.forEach((td, i) => {
        const label = childElements(td, 'b')[0];
        if (label && !directText(td) && cells[i + 1]) {
          grid.set(textOf(label).toLowerCase(), textOf(cells[i + 1]));
        }
        if (td.getAttribute('rowspan') === '3') {
          remark = linesOf(byClass(td, 'small_label')[0] ?? td);
        }
      });
    }
    const start = timeCell(grid.get('start time') ?? '');
    const end = timeCell(grid.get('end time') ?? '');
    if (!session || !(start || session.time)) {
      throw new ReportParseError(
        'The Veeam report has no readable session date and start time (the summary table is missing or truncated).',
      );
    }
    const offset = offsetMinutesOf(mail.dateHeader);
    const startTime = start?.time ?? (session.time as NonNullable<typeof session.time>);
    const startedAt = instantOf(session.date, startTime, offset);
    let endedAt = end ? instantOf(session.date, end.time, offset, end.days) : null;
    if (endedAt && !end?.days && endedAt < startedAt) {
      endedAt = instantOf(session.date, (end as NonNullable<typeof end>).time, offset, 1); // past midnight
    }

    const type = (title[1] as string).toLowerCase().includes('agent')
      ? 'Host'
      : (title[1] as string).toLowerCase().includes('file')
        ? 'Share'
        : 'VM';
    const objects =
      headerAt < 0
        ? []
        : rows.slice(headerAt + 1).flatMap((tr) => {
            const cells = childElements(tr, 'td');
            const objectName = textOf(cells[0]);
            const word = textOf(cells[1]);
            if (cells.length < 3 || !objectName || !word) {
              return [];
            }
            const status = statusWord(word);
            const details = linesOf(byClass(cells[cells.length - 1] as HTMLElement, 'small_label')[0]);
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
    const remarkText = [...(read.unknown ? [`Unknown Veeam result "${read.unknown}"`] : []), ...remark].join('\n');
    return [
      {
        job: { name: name.slice(0, 300), software: 'Veeam Backup & Replication', type: title[1] as string },
        status: read.status,
        startedAt: startedAt.toISOString(),
        ...(endedAt && { endedAt: endedAt.toISOString() }),
        remark: remarkText.slice(0, 4000),
        objects,
      },
    ];
  },
};
