-- Issue 20 (B15): outgoing mail, alert rules and their channels, the delivery log, the daily
-- digest per user, and what the monthly customer report needs (branding, a contact address).
-- Secrets are never here: the SMTP password and every channel URL (Slack and Teams URLs carry
-- their own secret) and webhook signing secret live sealed in integration_credentials.
-- migrate:up
create table smtp_settings (
  account_id uuid primary key references accounts (id) on delete cascade,
  host text not null check (length(host) between 1 and 253),
  port integer not null check (port between 1 and 65535),
  security text not null default 'starttls' check (security in ('starttls', 'tls', 'none')),
  username text check (length(username) <= 320),
  from_address text not null check (length(from_address) <= 320),
  from_name text not null default 'Flightdeck' check (length(from_name) <= 200),
  last_test_at timestamptz,
  last_test_ok boolean,
  last_test_message text,
  updated_at timestamptz not null default now()
);
select enable_tenant_isolation('smtp_settings');

create table notification_channels (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  kind text not null check (kind in ('email', 'teams', 'slack', 'webhook')),
  name text not null check (length(name) between 1 and 120),
  -- An e-mail channel's recipients; the other kinds keep their URL sealed and show its host.
  email_to text[] not null default '{}',
  url_host text,
  enabled boolean not null default true,
  -- Rate limit: at most this many messages an hour; the rest are logged as rate_limited.
  max_per_hour integer not null default 20 check (max_per_hour between 1 and 1000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (account_id, name)
);
select enable_tenant_isolation('notification_channels');

create table alert_rules (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  name text not null check (length(name) between 1 and 120),
  condition text not null check (condition in ('job_failing', 'customer_without_success', 'psa_auth_failing', 'mailbox_poll_failing')),
  -- Runs in a row for job_failing, days for customer_without_success; unused by the others.
  threshold integer not null default 1 check (threshold between 1 and 365),
  channel_ids uuid[] not null default '{}',
  enabled boolean not null default true,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
select enable_tenant_isolation('alert_rules');

-- One row per rule and condition (a job, a customer, an integration): open until the condition
-- clears, so an alert is sent once, and a "cleared" message once when it goes.
create table alert_states (
  account_id uuid not null references accounts (id) on delete cascade,
  rule_id uuid not null references alert_rules (id) on delete cascade,
  condition_key text not null check (length(condition_key) <= 200),
  subject text not null,
  opened_at timestamptz not null,
  cleared_at timestamptz,
  primary key (rule_id, condition_key)
);
select enable_tenant_isolation('alert_states');
create index alert_states_open_idx on alert_states (rule_id) where cleared_at is null;

create table notification_deliveries (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  channel_id uuid references notification_channels (id) on delete set null,
  channel_kind text not null check (channel_kind in ('email', 'teams', 'slack', 'webhook')),
  rule_id uuid references alert_rules (id) on delete set null,
  event text not null check (event in ('alert', 'cleared', 'digest', 'report', 'test')),
  subject text not null,
  -- What is sent, before it is shaped for the channel (see notifications/message.ts).
  message jsonb not null,
  -- Mail addresses for digests and reports (no channel); e-mail channels use theirs.
  recipients text[] not null default '{}',
  status text not null default 'queued' check (status in ('queued', 'sent', 'failed', 'rate_limited')),
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
select enable_tenant_isolation('notification_deliveries');
create index notification_deliveries_recent_idx on notification_deliveries (account_id, created_at desc);
create index notification_deliveries_channel_sent_idx on notification_deliveries (channel_id, sent_at) where status = 'sent';

create table digest_subscriptions (
  user_id uuid primary key references users (id) on delete cascade,
  account_id uuid not null references accounts (id) on delete cascade,
  enabled boolean not null default true,
  send_at text not null default '07:30' check (send_at ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  timezone text not null,
  -- The user's local date of the last digest: one a day, whatever the sweep's timing.
  last_sent_on date,
  updated_at timestamptz not null default now()
);
select enable_tenant_isolation('digest_subscriptions');

create table report_branding (
  account_id uuid primary key references accounts (id) on delete cascade,
  msp_name text not null check (length(msp_name) between 1 and 200),
  logo bytea check (octet_length(logo) <= 524288),
  logo_type text check (logo_type in ('image/png', 'image/jpeg')),
  updated_at timestamptz not null default now()
);
select enable_tenant_isolation('report_branding');

alter table customers
  add column report_email text check (length(report_email) <= 320),
  add column report_monthly boolean not null default false;

-- A mail handed to an SMTP server is logged like any outbound call, as 'sent'.
alter table external_call_log drop constraint external_call_log_action_check;
alter table external_call_log add constraint external_call_log_action_check
  check (action in ('created', 'updated', 'linked', 'attached', 'queried', 'noted', 'transitioned', 'deleted', 'tested', 'sent'));

-- migrate:down
alter table external_call_log drop constraint external_call_log_action_check;
alter table external_call_log add constraint external_call_log_action_check
  check (action in ('created', 'updated', 'linked', 'attached', 'queried', 'noted', 'transitioned', 'deleted', 'tested'));
alter table customers drop column report_monthly, drop column report_email;
drop table report_branding;
drop table digest_subscriptions;
drop table notification_deliveries;
drop table alert_states;
drop table alert_rules;
drop table notification_channels;
drop table smtp_settings;
