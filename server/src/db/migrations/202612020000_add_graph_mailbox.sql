-- Issue 11 item 7 (B2.3 b): the report mailbox may live in Microsoft 365 and be read through
-- Microsoft Graph (app registration, client credentials) instead of IMAP. The client secret lives
-- encrypted in integration_credentials (integration 'microsoft_graph'), like the IMAP password.
-- A mail that cannot be taken in is moved to the failed folder instead of the processed one.
-- migrate:up
alter table mailbox_settings
  add column provider text not null default 'imap' check (provider in ('imap', 'graph')),
  add column failed_folder text not null default 'Failed' check (length(failed_folder) between 1 and 200),
  add column graph_tenant_id text check (length(graph_tenant_id) between 1 and 200),
  add column graph_client_id text check (length(graph_client_id) between 1 and 200),
  add column graph_mailbox text check (length(graph_mailbox) between 3 and 320),
  add column graph_sign_in_url text check (length(graph_sign_in_url) between 8 and 500),
  add column graph_url text check (length(graph_url) between 8 and 500),
  alter column host drop not null,
  alter column port drop not null,
  alter column username drop not null;
alter table mailbox_settings add constraint mailbox_settings_provider_fields check (
  (provider = 'imap' and host is not null and port is not null and username is not null)
  or (provider = 'graph' and graph_tenant_id is not null and graph_client_id is not null and graph_mailbox is not null
      and graph_sign_in_url is not null and graph_url is not null)
);

alter table report_mails drop constraint report_mails_source_check;
alter table report_mails add constraint report_mails_source_check check (source in ('upload', 'imap', 'graph'));

-- migrate:down
update report_mails set source = 'imap' where source = 'graph';
alter table report_mails drop constraint report_mails_source_check;
alter table report_mails add constraint report_mails_source_check check (source in ('upload', 'imap'));
delete from mailbox_settings where provider = 'graph';
alter table mailbox_settings drop constraint mailbox_settings_provider_fields;
alter table mailbox_settings
  alter column host set not null,
  alter column port set not null,
  alter column username set not null,
  drop column graph_url,
  drop column graph_sign_in_url,
  drop column graph_mailbox,
  drop column graph_client_id,
  drop column graph_tenant_id,
  drop column failed_folder,
  drop column provider;
