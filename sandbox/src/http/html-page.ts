// The bare HTML pages the simulators serve at their ticket deep links, so "Open ticket" in the
// demo lands somewhere real.
import type { SandboxResponse } from './sandbox-server';

export const escapeHtml = (value: unknown) =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const STYLE =
  '<style>body{font:14px/1.5 system-ui;margin:2rem;max-width:60rem}pre{white-space:pre-wrap;background:#f4f4f5;padding:1rem}</style>';

/** A page; `body` is HTML the caller has already escaped where needed. */
export const htmlPage = (title: string, body: string, status = 200): SandboxResponse => ({
  status,
  body: `<!doctype html><meta charset="utf-8"><title>${escapeHtml(title)}</title>\n${STYLE}\n${body}`,
  headers: { 'content-type': 'text/html; charset=utf-8' },
});

export const ticketNotFoundPage = (system: string) =>
  htmlPage('Ticket not found', `<p>This ticket does not exist in the ${escapeHtml(system)} sandbox.</p>`, 404);
