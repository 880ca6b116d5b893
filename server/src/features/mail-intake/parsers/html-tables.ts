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

const isElement = (node: unknown): node is HTMLElement => (node as { nodeType?: number }).nodeType === 1;

/** Each table row's own cells (direct children only, so nested or hostile tables stay linear). */
export const rowCells = (html: string): string[][] =>
  parseHtml(html)
    .querySelectorAll('tr')
    .map((tr) =>
      tr.childNodes
        .filter((n): n is HTMLElement => isElement(n) && ['td', 'th'].includes(n.rawTagName?.toLowerCase() ?? ''))
        .map((cell) => collapseSpace(cell.textContent)),
    );

/**
 * One line per table row, its cells joined by a space ("Device NW-SQL01"): label/value tables
 * then read like "label value" text lines, which a library's HTML-to-text rendering glues
 * together ("DeviceNW-SQL01").
 */
export const rowLines = (html: string) =>
  rowCells(html)
    .map((cells) => cells.filter(Boolean).join(' '))
    .filter(Boolean)
    .join('\n');
