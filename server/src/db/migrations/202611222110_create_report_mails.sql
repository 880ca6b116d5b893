-- B2.3 (b): every report mail is kept raw (downloadable), with what parsing made of it.
-- migrate:up
create table report_mails (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  source text not null check (source in ('upload', 'imap')),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  message_id text,
  sender text not null default '',
  subject text not null default '',
  sent_at timestamptz,
  size_bytes integer not null check (size_bytes > 0),
  raw bytea not null,
  parse_status text not null check (parse_status in ('parsed', 'unparsed', 'failed')),
  parser_id text,
  parse_error text,
  run_count integer not null default 0,
  received_at timestamptz not null default now(),
  parsed_at timestamptz not null default now()
);
-- The same file twice is one mail.
create unique index report_mails_sha256_key on report_mails (account_id, sha256);
create index report_mails_status_idx on report_mails (account_id, parse_status, received_at desc);
select enable_tenant_isolation('report_mails');
alter table backup_runs add constraint backup_runs_evidence_fk foreign key (evidence_id) references report_mails (id) on delete set null;

-- migrate:down
alter table backup_runs drop constraint backup_runs_evidence_fk;
drop table report_mails;
