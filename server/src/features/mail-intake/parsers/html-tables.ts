// HTML report bodies read as tables: every row's cell texts, whitespace collapsed.
import { type HTMLElement, parse as parseHtml } from 'node-html-parser';

export const collapseSpace = (text: string) => text.replace(/\s+/g, ' ').trim();

export const parseReportHtml = (html: string) => parseHtml(html);

export const tableRows = (root: HTMLElement): string[][] =>
  root.querySelectorAll('tr').map((tr) => tr.querySelectorAll('td, th').map((cell) => collapseSpace(cell.textContent)));

/** The cell right after a label cell ("Start time" → its value), in any row. */
export const valueAfter = (rows: string[][], label: string) => {
  for (const cells of rows) {
    const at = cells.findIndex((c) => c.toLowerCase() === label.toLowerCase());
    if (at >= 0 && at + 1 < cells.length) {
      return cells[at + 1] as string;
    }
  }
  return null;
};
