-- B1: customers and their explicit 1-to-1 mapping to a PSA company (the PSA id leads; the name
-- is a cached copy for the screen).
-- migrate:up
create table customers (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 200),
  notes text not null default '' check (length(notes) <= 4000),
  active boolean not null default true,
  psa_kind text check (psa_kind in ('autotask', 'connectwise')),
  psa_company_id text check (psa_company_id ~ '^[0-9]{1,15}$'),
  psa_company_name text,
  psa_mapping_status text check (psa_mapping_status in ('ok', 'renamed', 'missing', 'invalid')),
  psa_last_sync_at timestamptz,
  psa_sync_message text,
  psa_mapped_at timestamptz,
  psa_mapped_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- A mapping is all or nothing.
  check ((psa_kind is null) = (psa_company_id is null) and (psa_kind is null) = (psa_mapping_status is null))
);
create unique index customers_name_key on customers (account_id, lower(name));
create index customers_psa_idx on customers (account_id, psa_kind, psa_company_id) where psa_kind is not null;
select enable_tenant_isolation('customers');

-- migrate:down
drop table customers;
