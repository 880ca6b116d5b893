-- Issue 16 (P7): the script library. Categories and parameterised templates (with provenance:
-- the session, engineer and ticket a template was made from), every render of a template in a
-- session (passwords stored as ••••), and draft templates proposed from a session's script,
-- waiting for an engineer to accept or reject them. A suggested fix points at its template.
-- migrate:up
create table script_categories (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  name varchar(80) not null check (length(trim(name)) > 0),
  created_at timestamptz not null default now(),
  unique (account_id, name)
);
select enable_tenant_isolation('script_categories');

create table script_templates (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  -- Stable name the offline playbooks point at ("restart-print-spooler"); null for the team's own.
  slug varchar(80),
  name varchar(200) not null check (length(trim(name)) > 0),
  description text not null default '',
  category_id uuid references script_categories (id) on delete set null,
  language varchar(16) not null check (language in ('powershell', 'bash', 'cmd')),
  body text not null check (length(body) between 1 and 64000),
  parameters_schema jsonb not null default '[]',
  source_session_id uuid references ai_sessions (id) on delete set null,
  source_user_id uuid references users (id) on delete set null,
  source_ticket_ref varchar(64),
  usage_count integer not null default 0 check (usage_count >= 0),
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  unique (account_id, slug)
);
create index script_templates_account_idx on script_templates (account_id) where deleted_at is null;
select enable_tenant_isolation('script_templates');

create table script_generations (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  session_id uuid not null references ai_sessions (id) on delete cascade,
  script_template_id uuid references script_templates (id) on delete set null,
  fix_id uuid references session_suggested_fixes (id) on delete set null,
  -- What was run: the template's name at the time, or the fix's title for a one-off.
  title varchar(200) not null,
  language varchar(16) not null check (language in ('powershell', 'bash', 'cmd')),
  -- Passwords are never stored: both carry •••• where a password went.
  parameters jsonb not null default '{}',
  parameters_text text not null default '',
  rendered_body text not null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index script_generations_session_idx on script_generations (session_id, created_at);
select enable_tenant_isolation('script_generations');

create table draft_templates (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  source_session_id uuid not null references ai_sessions (id) on delete cascade,
  source_user_id uuid not null references users (id) on delete cascade,
  source_ticket_ref varchar(64),
  language varchar(16) not null check (language in ('powershell', 'bash', 'cmd')),
  script_body text not null,
  proposed_parameters jsonb not null,
  proposed_name varchar(200),
  proposed_category_id uuid references script_categories (id) on delete set null,
  status varchar(32) not null default 'pending' check (status in ('pending', 'accepted', 'rejected')),
  resolved_at timestamptz,
  promoted_template_id uuid references script_templates (id) on delete set null,
  created_at timestamptz not null default now()
);
create index draft_templates_pending_idx on draft_templates (account_id) where status = 'pending';
create index draft_templates_session_idx on draft_templates (source_session_id);
select enable_tenant_isolation('draft_templates');

alter table session_suggested_fixes
  add constraint session_suggested_fixes_template_fk foreign key (script_template_id) references script_templates (id) on delete set null;

-- migrate:down
alter table session_suggested_fixes drop constraint session_suggested_fixes_template_fk;
drop table draft_templates;
drop table script_generations;
drop table script_templates;
drop table script_categories;
