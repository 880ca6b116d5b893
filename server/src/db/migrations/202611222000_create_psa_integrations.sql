-- B8: one row per account and PSA with everything but the secrets (those live encrypted in
-- integration_credentials under the same integration name).
-- migrate:up
create table psa_integrations (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  kind text not null check (kind in ('autotask', 'connectwise')),
  enabled boolean not null default false,
  environment text not null default 'production' check (environment in ('sandbox', 'production')),
  -- Non-secret connection settings (Autotask: API URL, user, discovered zone; ConnectWise: site,
  -- code base, company id, public key, client id).
  connection jsonb not null default '{}',
  flightdeck_base_url text check (flightdeck_base_url ~ '^https?://'),
  -- Default queue / source / status, priority mapping, completed status, board.
  ticket_defaults jsonb not null default '{}',
  allow_resolving boolean not null default true,
  allow_manual_ticket_numbers boolean not null default false,
  reference_data jsonb,
  reference_data_refreshed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  updated_by uuid references users (id) on delete set null,
  unique (account_id, kind)
);
select enable_tenant_isolation('psa_integrations');

-- migrate:down
drop table psa_integrations;
