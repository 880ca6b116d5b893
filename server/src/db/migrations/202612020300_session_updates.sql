-- Issue 17 (P8.1 Share update): customer-visible progress notes posted to the session's ticket
-- without a status change, kept with the session.
-- migrate:up
create table session_updates (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  session_id uuid not null references ai_sessions (id) on delete cascade,
  text text not null check (length(text) between 1 and 32000),
  psa_kind text,
  note_external_id text,
  posted_by uuid references users (id) on delete set null,
  posted_at timestamptz not null default now()
);
create index session_updates_session_idx on session_updates (session_id, posted_at);
select enable_tenant_isolation('session_updates');

-- migrate:down
drop table session_updates;
