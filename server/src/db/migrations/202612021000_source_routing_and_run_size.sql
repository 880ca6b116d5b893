-- Issue 19 (B2.3, B3): routing machine runs and what a run moved.
-- A run from the ingestion API may name the host it ran on and the sender's own reference for the
-- customer (an RMM's site or client id). The host is part of the job's identity, so same-named
-- jobs on two servers stay two jobs (the match key then carries it; without a host it is what it
-- always was). An admin maps a source's customer references to customers once, like a PSA
-- mapping; from then on new jobs with a mapped reference start approved for that customer, and
-- jobs already waiting in the Inbox with it are approved when the mapping is made.
-- Size and transferred bytes are what the backup product reports (Veeam's Total size and
-- Transferred, Proxmox's Total size); duration is computed from start and end, never stored.
-- Dates show in the user's timezone when one is set, else the account's (accounts.timezone).
-- migrate:up
alter table users add column timezone text check (length(timezone) between 1 and 64);
alter table backup_jobs
  add column host text not null default '' check (length(host) <= 255),
  add column customer_ref text check (length(customer_ref) between 1 and 200);

create table source_customer_refs (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  -- The ingestion source as the sender names it (`source` of the batch).
  source text not null check (length(source) between 1 and 100),
  customer_ref text not null check (length(customer_ref) between 1 and 200),
  customer_id uuid not null references customers (id) on delete cascade,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now()
);
-- References compare without regard to case or surrounding space, as job names do.
create unique index source_customer_refs_key on source_customer_refs (account_id, source, lower(btrim(customer_ref)));
select enable_tenant_isolation('source_customer_refs');
create index backup_jobs_pending_ref_idx on backup_jobs (account_id, reporter, lower(btrim(customer_ref)))
  where state = 'pending' and customer_ref is not null;

alter table backup_runs
  add column size_bytes bigint check (size_bytes >= 0),
  add column transferred_bytes bigint check (transferred_bytes >= 0);

-- migrate:down
alter table backup_runs drop column transferred_bytes, drop column size_bytes;
drop index backup_jobs_pending_ref_idx;
drop table source_customer_refs;
alter table backup_jobs drop column customer_ref, drop column host;
alter table users drop column timezone;
