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
import { parseByteSize } from './byte-size';
import { collapseSpace, parseReportHtml } from './html-tables';
import { instantOf, parseLongDate, parseTimeOfDay } from './long-dates';
import type { ParsedRun, ReportMail, ReportParser } from './report-parser';
import { ReportParseError } from './report-parser';
import { offsetMinutesOf, parseWallClock } from './wall-clock';

type Status = 'success' | 'warning' | 'error';

const TITLE = /^(Backup Copy|Backup|Replication|File Backup|Agent Backup) job:\s*(.+)$/i;
/** Decorations Veeam adds to a session's title; they are not part of the job's name. */
const DECORATION = /\s*\((?:Full|Active Full|Retry \d{1,3}|Incremental|)\)$/i;
/** An agent policy's status cell: "3 of 4 hosts processed" (a policy title has no "job:"). */
const POLICY_COUNT = /^\d{1,6} of \d{1,6} hosts processed$/i;
const FINAL: Record<string, Status> = { success: 'success', warning: 'warning', failed: 'error', error: 'error' };
const NOT_FINAL = new Set(['pending', 'none', 'in progress', 'running', 'idle']);
const PRODUCTS: readonly [prefix: string, product: string][] = [
  ['Veeam Agent for Microsoft Windows', 'Veeam Agent for Microsoft Windows'],
  ['Veeam Agent for Linux', 'Veeam Agent for Linux'],
  ['Veeam Backup for Microsoft 365', 'Veeam Backup for Microsoft 365'],
  // The product's name before version 7.
  ['Veeam Backup for Microsoft Office 365', 'Veeam Backup for Microsoft 365'],
];
/** A standalone agent names itself in the description; a VBR-managed agent job does not. */
const STANDALONE_AGENTS = new Set(['Veeam Agent for Microsoft Windows', 'Veeam Agent for Linux']);

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

type ObjectRow = ParsedRun['objects'][number] & { startedAt: Date | null; endedAt: Date | null };

/**
 * The object table of a block: the rows after `tr.processObjectsHeader` in the header's own table
 * with as many cells as the header (a "Backup Target" table or a details band after it is not an
 * object). Enterprise Manager and policy reports print full dates in the rows.
 */
const readObjects = (rows: HTMLElement[], headerAt: number, type: string, offset: number) => {
  const header = rows[headerAt] as HTMLElement;
  const columns = childElements(header, 'td').map((td) => textOf(td).toLowerCase());
  const column = (label: string) => columns.indexOf(label);
  const statusAt = column('status') >= 0 ? column('status') : 1;
  const after = rows.slice(headerAt + 1).filter((tr) => tr.parentNode === header.parentNode);
  const objects: ObjectRow[] = after
    .filter((tr) => childElements(tr, 'td').length === columns.length)
    .flatMap((tr) => {
      const cells = childElements(tr, 'td');
      const objectName = textOf(cells[0]);
      const word = textOf(cells[statusAt]);
      if (!objectName || !word) {
        return [];
      }
      const at = (label: string) => (column(label) >= 0 ? parseWallClock(textOf(cells[column(label)]), offset) : null);
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
          startedAt: at('start time'),
          endedAt: at('end time'),
        },
      ];
    });
  // vee-mail (Veeam Agent for Linux, community script) has no Details column: a "Details" header
  // row follows the objects, and the next row holds the session's error log.
  const band = after.findIndex((tr) => childElements(tr, 'td').length === 1 && textOf(tr) === 'Details');
  const log = band >= 0 ? after[band + 1] : undefined;
  const sessionLog = log ? linesOf(byClass(log, 'small_label')[0] ?? log) : [];
  return { objects, sessionLog };
};

const withoutTimes = ({ startedAt: _s, endedAt: _e, ...object }: ObjectRow): ParsedRun['objects'][number] => object;

const undecorated = (title: string) => {
  let name = collapseSpace(title);
  let attempt = 1;
  for (let i = 0; i < 3 && DECORATION.test(name); i++) {
    const retry = /\(Retry (\d{1,3})\)$/i.exec(name);
    if (retry) {
      // "(Retry N)" is the (N+1)th attempt of the session.
      attempt = Number(retry[1]) + 1;
    }
    name = name.replace(DECORATION, '');
  }
  return { name, attempt };
};

/** The summary rows before the object header: label/value grid, session date, remark cell. */
const readSummary = (summaryRows: HTMLElement[]) => {
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
  return { grid, remark, sessionText };
};

const objectHeaderAt = (rows: HTMLElement[]) =>
  rows.findIndex((tr) => hasClass(tr, 'processObjectsHeader') || textOf(childElements(tr, 'td')[0]) === 'Name');

const readBlock = (block: Block, mail: ReportMail, summary: boolean): ParsedRun => {
  const { titleCell, rows } = block;
  const title = TITLE.exec(directText(titleCell)) as RegExpExecArray;
  let { name, attempt } = undecorated(title[2] as string);
  const description = descriptionOf(titleCell);
  const software = PRODUCTS.find(([prefix]) => description.startsWith(prefix))?.[1] ?? 'Veeam Backup & Replication';
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

  const headerAt = objectHeaderAt(rows);
  const { grid, remark, sessionText } = readSummary(headerAt >= 0 ? rows.slice(0, headerAt) : rows);
  const offset = offsetMinutesOf(mail.dateHeader);
  const session = parseLongDate(sessionText);
  const type =
    software.includes('Agent') || (title[1] as string).toLowerCase().includes('agent')
      ? 'Host'
      : software.includes('365')
        ? 'Object'
        : 'VM';
  const { objects, sessionLog } = headerAt >= 0 ? readObjects(rows, headerAt, type, offset) : { objects: [], sessionLog: [] };
  const rowTimes = objects.flatMap((o) => [o.startedAt, o.endedAt]).filter((t): t is Date => t !== null);

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
    startedAt = new Date(Math.min(...rowTimes.map((t) => t.getTime())));
    endedAt = new Date(Math.max(...rowTimes.map((t) => t.getTime())));
  } else {
    throw new ReportParseError(
      `The Veeam report of "${name}" has no readable session date and start time (the summary table is missing or truncated).`,
    );
  }
  // Standalone agents on many computers often share one sender and one job name ("Laptop
  // backup"); the computer (the report's only row) keeps their jobs apart, as the default subject
  // "[Result] COMPUTER - JOB - time" does. A name that already holds the computer stays as it is.
  const computer = objects.length === 1 ? (objects[0]?.name ?? '') : '';
  if (STANDALONE_AGENTS.has(software) && computer && !name.toLowerCase().includes(computer.toLowerCase())) {
    name = `${computer} - ${name}`;
  }
  const remarkText = [...(read.unknown ? [`Unknown Veeam result "${read.unknown}"`] : []), ...(remark.length ? remark : sessionLog)].join(
    '\n',
  );
  return {
    job: { name: name.slice(0, 300), software, type: title[1] as string },
    status: read.status,
    startedAt: startedAt.toISOString(),
    ...(endedAt && { endedAt: endedAt.toISOString() }),
    remark: remarkText.slice(0, 4000),
    objects: objects.map(withoutTimes),
    ...(attempt > 1 && { attempt }),
    ...definedSizes(parseByteSize(grid.get('total size')), parseByteSize(grid.get('transferred'))),
  };
};

/** Only the sizes the report gave; a run without them leaves them out rather than claiming 0. */
const definedSizes = (sizeBytes: number | undefined, transferredBytes: number | undefined) => ({
  ...(sizeBytes !== undefined && { sizeBytes }),
  ...(transferredBytes !== undefined && { transferredBytes }),
});

/**
 * The daily report of an agent backup policy (§1.7): the title is the policy's name, the status
 * cell "N of M hosts processed", and each row a host's session of the last 24 hours with full
 * dates. Every host session is its own run of the policy, so one failed laptop is one failed run.
 */
const readPolicyBlock = (block: Block, mail: ReportMail): ParsedRun[] => {
  const { titleCell, rows } = block;
  const { name } = undecorated(directText(titleCell));
  const headerAt = objectHeaderAt(rows);
  if (headerAt < 0) {
    throw new ReportParseError(`The Veeam policy report of "${name}" has no host table.`);
  }
  const { remark } = readSummary(rows.slice(0, headerAt));
  const { objects } = readObjects(rows, headerAt, 'Host', offsetMinutesOf(mail.dateHeader));
  return objects.flatMap((host) => {
    if (!host.startedAt) {
      return []; // a host that did not run in the period has no session to report
    }
    return [
      {
        job: { name: name.slice(0, 300), software: 'Veeam Backup & Replication', type: 'Agent Backup policy' },
        status: host.status,
        startedAt: host.startedAt.toISOString(),
        ...(host.endedAt && { endedAt: host.endedAt.toISOString() }),
        remark: remark.join('\n').slice(0, 4000),
        objects: [withoutTimes(host)],
      },
    ];
  });
};

type TitleRow = { at: number; titleCell: HTMLElement; policy: boolean };

const titleRowOf = (tr: HTMLElement, at: number): TitleRow[] => {
  const cells = childElements(tr, 'td');
  const job = cells.find((td) => TITLE.test(directText(td)));
  if (job) {
    return [{ at, titleCell: job, policy: false }];
  }
  const policy = cells.find((td) => {
    const next = td.nextElementSibling;
    return next && directText(td) && POLICY_COUNT.test(descriptionOf(next));
  });
  return policy ? [{ at, titleCell: policy, policy: true }] : [];
};

export const veeamParser: ReportParser = {
  id: 'veeam-backup-replication',
  label: 'Veeam job report',
  match: { body: /(?:Backup Copy|Backup|Replication|File Backup|Agent Backup) job:|\d of \d{1,6} hosts processed/i },
  parse(mail: ReportMail): ParsedRun[] {
    if (!mail.html) {
      throw new ReportParseError('The Veeam report has no HTML part.');
    }
    const root = parseReportHtml(mail.html);
    const rows = root.querySelectorAll('tr');
    const titleRows = rows.flatMap(titleRowOf);
    if (titleRows.length === 0) {
      throw new ReportParseError('No "<type> job: <name>" header found in the Veeam report.');
    }
    const summary = titleRows.length > 1 || /^last 24 hours:/i.test(mail.subject.replace(/^(?:fw|fwd|wg):\s*/i, ''));
    return titleRows.flatMap(({ at, titleCell, policy }, i) => {
      const block = { titleCell, rows: rows.slice(at + 1, titleRows[i + 1]?.at ?? rows.length) };
      return policy ? readPolicyBlock(block, mail) : [readBlock(block, mail, summary)];
    });
  },
};
