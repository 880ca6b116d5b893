-- Issue 18 (P8.1 Attach): screenshots and log files attached to a FlowPilot session, kept with
-- it; a chat message names the attachments it carried.
-- migrate:up
create table session_attachments (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  session_id uuid not null references ai_sessions (id) on delete cascade,
  kind text not null check (kind in ('image', 'text')),
  file_name text not null check (length(file_name) between 1 and 200),
  content_type text not null,
  size_bytes integer not null check (size_bytes > 0),
  content bytea not null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index session_attachments_session_idx on session_attachments (session_id, created_at);
select enable_tenant_isolation('session_attachments');
alter table session_messages add column attachment_ids uuid[] not null default '{}';

-- migrate:down
alter table session_messages drop column attachment_ids;
drop table session_attachments;
