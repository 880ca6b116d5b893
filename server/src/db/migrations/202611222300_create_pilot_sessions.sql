-- P1, I3, I4: FlowPilot sessions with their chat, facts ("What we know") and suggested fixes
-- (columns as in shared/spec/flowpilot-schema.md), ticket links for sessions, and customer
-- environment insights the pilot reads. The script library (P7: script_templates,
-- draft_templates, script generations) comes with its own migration; suggested fixes already
-- carry the template id it will reference.
-- migrate:up
create table ai_sessions (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  title text not null check (length(btrim(title)) between 1 and 200),
  customer_id uuid references customers (id) on delete set null,
  contact text not null default '' check (length(contact) <= 200),
  priority text not null default 'normal' check (priority in ('low', 'normal', 'high', 'critical')),
  state text not null default 'active' check (state in ('active', 'paused', 'resolved', 'escalated')),
  -- Kept for compatibility with older clients; no screen branches on it.
  session_type text not null default 'troubleshooting',
  pending_task_lane jsonb not null default '{"questions":[],"checks":[],"actions":[]}'::jsonb,
  state_version integer not null default 0,
  playbook_id text,
  resolution_note_markdown text,
  resolution_note_posted_at timestamptz,
  resolution_note_external_id varchar(128),
  escalation_package_markdown text,
  escalation_package_posted_at timestamptz,
  escalation_package_external_id varchar(128),
  status_transition_skipped_reason text,
  -- P6.4: set while a note or package is being posted, so two posts at once cannot both go out.
  posting_started_at timestamptz,
  created_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_activity_at timestamptz not null default now()
);
create index ai_sessions_list_idx on ai_sessions (account_id, state, last_activity_at desc);
select enable_tenant_isolation('ai_sessions');

create table session_messages (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  session_id uuid not null references ai_sessions (id) on delete cascade,
  role text not null check (role in ('user', 'assistant')),
  -- What the technician sees (markers removed); the raw model text is kept for audits.
  content text not null,
  raw_content text,
  model text,
  input_tokens integer,
  output_tokens integer,
  cache_creation_tokens integer,
  cache_read_tokens integer,
  -- P0.5 telemetry of assistant turns.
  tools_available boolean,
  tools_used text[] not null default '{}',
  tool_fallback boolean not null default false,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index session_messages_session_idx on session_messages (session_id, created_at);
select enable_tenant_isolation('session_messages');

create table session_facts (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  session_id uuid not null references ai_sessions (id) on delete cascade,
  text text not null check (length(btrim(text)) between 1 and 2000),
  source_type varchar(32) not null check (source_type in ('question', 'diagnostic_check', 'user_note', 'ai_synthesis')),
  -- A task-lane item inside pending_task_lane; integrity is checked in the service.
  source_ref uuid,
  source_summary text,
  created_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index session_facts_session_idx on session_facts (session_id) where deleted_at is null;
create index session_facts_account_idx on session_facts (account_id);
select enable_tenant_isolation('session_facts');

create table session_suggested_fixes (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  session_id uuid not null references ai_sessions (id) on delete cascade,
  title varchar(200) not null,
  description text not null,
  confidence_pct integer not null check (confidence_pct between 0 and 100),
  -- References script_templates once the script library (P7) exists.
  script_template_id uuid,
  template_slug text,
  ai_drafted_script text,
  ai_drafted_parameters jsonb,
  user_decision varchar(32) check (user_decision in ('one_off', 'draft_template', 'build_template', 'dismissed')),
  superseded_at timestamptz,
  created_at timestamptz not null default now()
);
create unique index session_suggested_fixes_active_key on session_suggested_fixes (session_id) where superseded_at is null;
select enable_tenant_isolation('session_suggested_fixes');

-- I4: what is known about a customer's environment; sessions for the customer pass it to the pilot.
create table environment_insights (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  customer_id uuid not null references customers (id) on delete cascade,
  infrastructure_item_id uuid references infrastructure_items (id) on delete set null,
  category text not null check (category in ('command_constraints', 'service_configuration', 'version_limitations', 'network', 'security', 'other')),
  confidence text not null check (confidence in ('confirmed', 'likely', 'suspected')),
  priority integer not null default 5 check (priority between 1 and 10),
  text text not null check (length(btrim(text)) between 1 and 2000),
  source_session_id uuid references ai_sessions (id) on delete set null,
  source_fact_id uuid references session_facts (id) on delete set null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index environment_insights_customer_idx on environment_insights (account_id, customer_id, priority desc);
select enable_tenant_isolation('environment_insights');

-- I3: a ticket link's subject is a backup run or a FlowPilot session, never both.
alter table ticket_links add column ai_session_id uuid references ai_sessions (id) on delete cascade;
-- (PostgreSQL named the single-column subject check of the first migration after its column.)
alter table ticket_links drop constraint ticket_links_backup_run_id_check;
alter table ticket_links add constraint ticket_links_one_subject check (num_nonnulls(backup_run_id, ai_session_id) = 1);
create unique index ticket_links_active_session_key on ticket_links (ai_session_id) where state = 'active';

-- migrate:down
drop index ticket_links_active_session_key;
alter table ticket_links drop constraint ticket_links_one_subject;
delete from ticket_links where ai_session_id is not null;
alter table ticket_links drop column ai_session_id;
alter table ticket_links add constraint ticket_links_backup_run_id_check check (num_nonnulls(backup_run_id) = 1);
drop table environment_insights;
drop table session_suggested_fixes;
drop table session_facts;
drop table session_messages;
drop table ai_sessions;
