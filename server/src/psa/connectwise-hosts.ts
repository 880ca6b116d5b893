// Issue 15: ConnectWise cloud serves its web UI on `<region>.myconnectwise.net` and its API on
// `api-<region>.myconnectwise.net`; on-premises Manage serves both on one host
// (psa-field-notes.md: DJCW rewrites `na.` to `api-na.`; every real ticket link uses the UI host).
// An admin types the site as they open Manage — or, out of habit, the API host — and Flightdeck
// derives both. `myconnectwise.localhost` is the same layout on the loopback (RFC 6761), which is
// where the sandbox plays a cloud tenant.
const CLOUD_HOST = /^(api-)?([a-z0-9-]+)\.(myconnectwise\.net|myconnectwise\.localhost)$/i;

export type ConnectWiseHosts = {
  /** Where the web UI lives: ticket links open here. */
  siteOrigin: string;
  /** Where the REST API lives. */
  apiOrigin: string;
  /** A cloud region (na, eu, au, …), or null on premises. */
  region: string | null;
  /** The admin typed the API host; the site was derived from it. */
  typedApiHost: boolean;
};

const withScheme = (site: string) => (/^https?:\/\//i.test(site) ? site : `https://${site}`);

export const connectWiseHosts = (site: string): ConnectWiseHosts => {
  const url = new URL(withScheme(site.trim()));
  const port = url.port ? `:${url.port}` : '';
  const cloud = CLOUD_HOST.exec(url.hostname);
  if (!cloud) {
    return { siteOrigin: url.origin, apiOrigin: url.origin, region: null, typedApiHost: false };
  }
  const [, apiPrefix, region = '', domain = ''] = cloud;
  const lower = region.toLowerCase();
  return {
    siteOrigin: `${url.protocol}//${lower}.${domain.toLowerCase()}${port}`,
    apiOrigin: `${url.protocol}//api-${lower}.${domain.toLowerCase()}${port}`,
    region: lower,
    typedApiHost: Boolean(apiPrefix),
  };
};
