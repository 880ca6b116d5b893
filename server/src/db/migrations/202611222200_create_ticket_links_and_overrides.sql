-- B3–B7, I3: the Run Checks board's review marks and overrides, and ticket links from Flightdeck
-- subjects (backup runs now, FlowPilot sessions later) to PSA tickets.
-- migrate:up

-- B3: an override treats matching problems as success. Object level names a job and an object,
-- job level a job, global level neither. Operators create them, admins delete them.
create table run_overrides (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  level text not null check (level in ('object', 'job', 'global')),
  job_id uuid references backup_jobs (id) on delete cascade,
  object_name text check (length(btrim(object_name)) between 1 and 300),
  -- Empty: any problem status.
  statuses text[] not null default '{}' check (statuses <@ array['warning', 'error', 'missed']::text[]),
  match_text text check (length(match_text) between 1 and 500),
  match_mode text not null default 'contains' check (match_mode in ('contains', 'exact', 'starts_with', 'ends_with')),
  action text not null default 'treat_as_success' check (action in ('treat_as_success')),
  valid_from timestamptz,
  valid_until timestamptz,
  reason text not null default '' check (length(reason) <= 1000),
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  check ((level = 'global') = (job_id is null)),
  check ((level = 'object') = (object_name is not null)),
  check (valid_until is null or valid_from is null or valid_until > valid_from)
);
create index run_overrides_job_idx on run_overrides (account_id, job_id);
select enable_tenant_isolation('run_overrides');

-- A review may carry a note; a run an override covered keeps its reported status and says which
-- override reviewed it (the override may be deleted later; the decision stays).
alter table backup_runs
  add column review_note text not null default '' check (length(review_note) <= 2000),
  add column override_id uuid;

-- B3.1: the board reads runs needing review newest first, across customers or for one job.
create index backup_runs_review_idx on backup_runs (account_id, run_at desc, id desc)
  where status <> 'success' and reviewed_at is null;
create index backup_runs_review_job_idx on backup_runs (account_id, job_id, run_at desc, id desc)
  where status <> 'success' and reviewed_at is null;
create index backup_runs_problem_idx on backup_runs (account_id, run_at desc, id desc)
  where status <> 'success';

-- I3: one row per link from a subject to a PSA ticket. A link made from a typed ticket number
-- (B6.1, B6.3) has no validated ticket id; a link whose ticket vanished from the PSA stays as
-- history (`deleted_external`, B7.2), as does one an operator replaced.
create table ticket_links (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  backup_run_id uuid references backup_runs (id) on delete cascade,
  psa_kind text check (psa_kind in ('autotask', 'connectwise', 'syncro')),
  ticket_id text check (length(ticket_id) between 1 and 64),
  ticket_number text not null check (length(btrim(ticket_number)) between 1 and 64),
  ticket_url text check (length(ticket_url) <= 2000),
  link_type text not null default 'related' check (link_type in ('related', 'resolves', 'documents')),
  origin text not null check (origin in ('created', 'adopted', 'linked', 'manual')),
  state text not null default 'active' check (state in ('active', 'deleted_external', 'replaced')),
  -- The key stamped on a ticket Flightdeck created (Autotask externalID, ConnectWise externalXRef).
  external_key text check (length(external_key) <= 100),
  last_status_id text,
  last_status_name text,
  last_status_closed boolean,
  status_read_at timestamptz,
  resolution text check (resolution in ('completed', 'left_open_time_entries')),
  resolved_by uuid references users (id) on delete set null,
  resolved_at timestamptz,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  state_changed_at timestamptz,
  check (num_nonnulls(backup_run_id) = 1),
  check (origin = 'manual' or (ticket_id is not null and psa_kind is not null))
);
-- I3 / B4.2: at most one active ticket link per backup run, enforced here.
create unique index ticket_links_active_run_key on ticket_links (backup_run_id) where state = 'active';
create index ticket_links_run_idx on ticket_links (account_id, backup_run_id, created_at desc);
create index ticket_links_active_ticket_idx on ticket_links (account_id, psa_kind, ticket_id) where state = 'active';
select enable_tenant_isolation('ticket_links');

-- B4.2: the claim one request holds while it talks to the PSA, so parallel requests for the same
-- run never create two tickets. It outlives a crash; a stale claim is taken over, and the taker
-- searches the PSA by the claim's key before creating anything.
create table run_ticket_claims (
  backup_run_id uuid primary key references backup_runs (id) on delete cascade,
  account_id uuid not null references accounts (id) on delete cascade,
  external_key text not null,
  claimed_by uuid references users (id) on delete set null,
  claimed_at timestamptz not null
);
select enable_tenant_isolation('run_ticket_claims');

-- migrate:down
drop table run_ticket_claims;
drop table ticket_links;
drop index backup_runs_problem_idx;
drop index backup_runs_review_job_idx;
drop index backup_runs_review_idx;
alter table backup_runs drop column override_id, drop column review_note;
drop table run_overrides;
