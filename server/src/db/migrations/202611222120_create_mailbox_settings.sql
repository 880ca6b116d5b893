-- B2.3 (b): the report mailbox polled over IMAP, one per account. The password lives encrypted in
-- integration_credentials (integration 'imap').
-- migrate:up
create table mailbox_settings (
  account_id uuid primary key references accounts (id) on delete cascade,
  enabled boolean not null default false,
  host text not null check (length(host) between 1 and 253),
  port integer not null check (port between 1 and 65535),
  tls boolean not null default true,
  username text not null check (length(username) between 1 and 320),
  folder text not null default 'INBOX' check (length(folder) between 1 and 200),
  processed_folder text not null default 'Processed' check (length(processed_folder) between 1 and 200),
  last_poll_at timestamptz,
  last_poll_ok boolean,
  last_poll_message text,
  updated_at timestamptz not null default now()
);
select enable_tenant_isolation('mailbox_settings');

-- migrate:down
drop table mailbox_settings;
