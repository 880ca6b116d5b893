-- Issue 15: ConnectWise settings hold the site as its admins open Manage; Flightdeck derives the
-- API host from it (api-<region>.myconnectwise.net on the cloud; the same host on premises).
-- Settings saved before stored the API host, as the old placeholder suggested: they become the
-- site host, so "Open ticket" opens Manage instead of the API. On-premises sites are unchanged.
-- migrate:up
update psa_integrations
set connection = jsonb_set(connection, '{siteUrl}',
      to_jsonb(regexp_replace(connection ->> 'siteUrl', '^(https?://)api-([a-z0-9-]+\.myconnectwise\.net)', '\1\2', 'i')))
where kind = 'connectwise' and connection ->> 'siteUrl' ~* '^https?://api-[a-z0-9-]+\.myconnectwise\.net';

-- migrate:down
-- The derived API host is what the old settings held; either form works with the derivation.
update psa_integrations
set connection = jsonb_set(connection, '{siteUrl}',
      to_jsonb(regexp_replace(connection ->> 'siteUrl', '^(https?://)([a-z0-9-]+\.myconnectwise\.net)', '\1api-\2', 'i')))
where kind = 'connectwise' and connection ->> 'siteUrl' ~* '^https?://[a-z0-9-]+\.myconnectwise\.net'
  and connection ->> 'siteUrl' !~* '^https?://api-';
