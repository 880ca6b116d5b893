// I3: where a technician opens a ticket in the PSA's web UI. Built when a view is read, from the
// ticket id and the integration's current settings, never stored: a PSA that moves (a new zone,
// a new site URL, a sandbox on another port) must not leave every stored link pointing at the old
// place.
import { connectWiseHosts } from './connectwise-hosts';
import type { PsaKind } from './psa-provider';

export type TicketUrlOf = (kind: string | null, ticketId: string | null) => string | null;

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

/** Autotask: the zone's web URL (from zone discovery, kept with the integration). */
export const autotaskTicketUrl = (webUrl: string, ticketId: string) =>
  `${withSlash(webUrl)}Mvc/ServiceDesk/TicketDetail.mvc?ticketId=${encodeURIComponent(ticketId)}`;

/** ConnectWise: the site's UI host, the codebase and the login company id of the integration. */
export const connectWiseTicketUrl = (options: { siteUrl: string; codebase: string; companyId: string }, ticketId: string) => {
  // Issue 15: the site (UI) host, never the api- host the calls go to.
  const site = connectWiseHosts(options.siteUrl).siteOrigin;
  return `${site}/${options.codebase.replace(/^\/+|\/+$/g, '')}/services/system_io/Service/fv_sr100_request.rails?service_recid=${encodeURIComponent(ticketId)}&companyName=${encodeURIComponent(options.companyId)}`;
};

/** From the stored connection settings of each PSA; null where a URL cannot be built (yet). */
export const ticketUrlsFrom =
  (connections: Partial<Record<PsaKind, Record<string, unknown>>>): TicketUrlOf =>
  (kind, ticketId) => {
    if (!kind || !ticketId) {
      return null;
    }
    const c = connections[kind as PsaKind];
    if (!c) {
      return null;
    }
    if (kind === 'autotask') {
      const webUrl = (c.zone as { webUrl?: unknown } | null | undefined)?.webUrl;
      return typeof webUrl === 'string' ? autotaskTicketUrl(webUrl, ticketId) : null;
    }
    const { siteUrl, codebase, companyId } = c;
    return typeof siteUrl === 'string' && typeof codebase === 'string' && typeof companyId === 'string'
      ? connectWiseTicketUrl({ siteUrl, codebase, companyId }, ticketId)
      : null;
  };
