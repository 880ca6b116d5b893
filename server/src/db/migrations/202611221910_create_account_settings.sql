-- P1.5: one lazily created settings row per account, preferences as JSON.
-- migrate:up
create table account_settings (
  account_id uuid primary key references accounts (id) on delete cascade,
  preferences jsonb not null default '{}'::jsonb check (jsonb_typeof(preferences) = 'object'),
  updated_at timestamptz not null default now()
);
select enable_tenant_isolation('account_settings');

-- migrate:down
drop table account_settings;
