-- B2, I5: backup jobs, their runs and run objects, and the customer infrastructure items objects
-- are matched to. A job starts `pending` (in the Inbox) until an operator approves it for a
-- customer; runs of pending jobs wait with it.
-- migrate:up
create table infrastructure_items (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  customer_id uuid not null references customers (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 200),
  kind text not null default 'other' check (kind in ('server', 'nas', 'endpoint', 'virtual_machine', 'storage', 'other')),
  created_at timestamptz not null default now()
);
create unique index infrastructure_items_name_key on infrastructure_items (account_id, customer_id, lower(name));
select enable_tenant_isolation('infrastructure_items');

create table backup_jobs (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  customer_id uuid references customers (id) on delete restrict,
  state text not null default 'pending' check (state in ('pending', 'active', 'rejected')),
  name text not null check (length(btrim(name)) between 1 and 300),
  backup_software text not null check (length(btrim(backup_software)) between 1 and 100),
  backup_type text not null default '' check (length(backup_type) <= 100),
  -- Who reports it: the ingestion source or the mail sender. With software and name it identifies the job.
  reporter text not null check (length(reporter) between 1 and 320),
  match_key text not null,
  -- Expected schedule (learned or manual), evaluated in the job's timezone with a grace window.
  schedule jsonb,
  schedule_source text check (schedule_source in ('learned', 'manual')),
  timezone text not null default 'UTC',
  grace_minutes integer not null default 120 check (grace_minutes between 0 and 10080),
  active boolean not null default true,
  last_run_at timestamptz,
  approved_by uuid references users (id) on delete set null,
  approved_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((state = 'active') = (customer_id is not null) or state = 'rejected')
);
create unique index backup_jobs_match_key on backup_jobs (account_id, match_key);
create index backup_jobs_customer_idx on backup_jobs (account_id, customer_id);
select enable_tenant_isolation('backup_jobs');

create table backup_runs (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  job_id uuid not null references backup_jobs (id) on delete cascade,
  status text not null check (status in ('success', 'warning', 'error', 'missed')),
  started_at timestamptz,
  ended_at timestamptz,
  -- When the run counts as having happened (end, else start): drives ordering and schedules.
  run_at timestamptz not null,
  remark text not null default '' check (length(remark) <= 4000),
  source text not null check (length(source) between 1 and 100),
  source_key text not null check (length(source_key) between 1 and 300),
  evidence_id uuid,
  reviewed_by uuid references users (id) on delete set null,
  reviewed_at timestamptz,
  created_at timestamptz not null default now(),
  check (ended_at is null or started_at is null or ended_at >= started_at)
);
create unique index backup_runs_source_key on backup_runs (account_id, source, source_key);
create index backup_runs_job_idx on backup_runs (account_id, job_id, run_at desc);
select enable_tenant_isolation('backup_runs');

create table backup_run_objects (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  run_id uuid not null references backup_runs (id) on delete cascade,
  position integer not null,
  name text not null check (length(name) between 1 and 300),
  type text not null default '' check (length(type) <= 100),
  status text not null check (status in ('success', 'warning', 'error')),
  messages jsonb not null default '[]',
  infrastructure_item_id uuid references infrastructure_items (id) on delete set null,
  unique (run_id, position)
);
select enable_tenant_isolation('backup_run_objects');

-- migrate:down
drop table backup_run_objects;
drop table backup_runs;
drop table backup_jobs;
drop table infrastructure_items;
