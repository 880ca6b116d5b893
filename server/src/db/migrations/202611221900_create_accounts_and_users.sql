-- Tenancy foundation (N3, P1.3): the non-owner application role, the tenant-isolation helper,
-- accounts, users, login sessions and API keys.
-- migrate:up
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'flightdeck_app') then
    create role flightdeck_app nologin;
  end if;
  -- The migrating role must be able to SET ROLE to it (needed on PostgreSQL 15 for non-superusers).
  execute format('grant flightdeck_app to %I', current_user);
end
$$;
grant usage on schema public to flightdeck_app;
alter default privileges in schema public grant select, insert, update, delete on tables to flightdeck_app;
alter default privileges in schema public grant usage, select on sequences to flightdeck_app;

create function app_current_account_id() returns uuid
  language sql stable
  as $$ select nullif(current_setting('app.current_account_id', true), '')::uuid $$;

-- Every tenant table calls this in its migration: RLS enabled and forced, one policy on the
-- current account for reads and writes alike.
create function enable_tenant_isolation(target regclass, tenant_column text default 'account_id') returns void
  language plpgsql
  as $$
  begin
    execute format('alter table %s enable row level security', target);
    execute format('alter table %s force row level security', target);
    execute format(
      'create policy tenant_isolation on %s using (%I = app_current_account_id()) with check (%I = app_current_account_id())',
      target, tenant_column, tenant_column);
  end
  $$;

create table accounts (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  created_at timestamptz not null default now()
);
select enable_tenant_isolation('accounts', 'id');

create table users (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  email text not null check (email = lower(email) and length(email) <= 320),
  display_name text not null check (length(display_name) between 1 and 200),
  role text not null check (role in ('admin', 'operator', 'reporter')),
  password_hash text not null,
  deactivated_at timestamptz,
  last_login_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- E-mail identifies a login across all accounts.
create unique index users_email_key on users (email);
create index users_account_id_idx on users (account_id);
select enable_tenant_isolation('users');

create table user_sessions (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  token_hash text not null unique,
  csrf_token text not null,
  user_agent text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index user_sessions_expires_at_idx on user_sessions (expires_at);
create index user_sessions_user_id_idx on user_sessions (user_id);
select enable_tenant_isolation('user_sessions');

create table api_keys (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  name text not null check (length(name) between 1 and 100),
  key_prefix text not null unique,
  key_hash text not null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_keys_account_id_idx on api_keys (account_id);
select enable_tenant_isolation('api_keys');

-- migrate:down
drop table api_keys;
drop table user_sessions;
drop table users;
drop table accounts;
drop function enable_tenant_isolation(regclass, text);
drop function app_current_account_id();
alter default privileges in schema public revoke select, insert, update, delete on tables from flightdeck_app;
alter default privileges in schema public revoke usage, select on sequences from flightdeck_app;
revoke usage on schema public from flightdeck_app;
-- The role itself is cluster-wide and may serve other databases; it is left in place.
