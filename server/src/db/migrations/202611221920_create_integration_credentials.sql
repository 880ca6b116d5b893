-- I1: secret material per account and integration, AES-256-GCM encrypted by the application.
-- migrate:up
create table integration_credentials (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  integration text not null check (integration ~ '^[a-z][a-z0-9_-]{1,40}$'),
  kind text not null check (kind in ('oauth', 'api_key', 'basic_auth')),
  key_id text not null,
  nonce bytea not null check (octet_length(nonce) = 12),
  ciphertext bytea not null,
  auth_tag bytea not null check (octet_length(auth_tag) = 16),
  last_test_at timestamptz,
  last_test_ok boolean,
  last_test_message text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (account_id, integration)
);
create index integration_credentials_key_id_idx on integration_credentials (key_id);
select enable_tenant_isolation('integration_credentials');

-- migrate:down
drop table integration_credentials;
