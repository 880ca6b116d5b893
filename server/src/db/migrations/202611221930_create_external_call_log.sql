-- I2: one row per call to an external system (PSA, model), secrets redacted before storage.
-- migrate:up
create table external_call_log (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  integration text not null,
  direction text not null check (direction in ('outbound', 'inbound')),
  action text not null check (action in ('created', 'updated', 'linked', 'attached', 'queried', 'noted', 'transitioned', 'deleted', 'tested')),
  method text not null,
  url text not null,
  http_status integer,
  duration_ms integer not null check (duration_ms >= 0),
  outcome text not null check (outcome in ('ok', 'http_error', 'network_error', 'timeout')),
  error_message text,
  external_id text,
  actor_id uuid,
  actor_kind text not null check (actor_kind in ('user', 'api_key', 'system')),
  correlation_id text not null,
  related_type text,
  related_id text,
  request_body jsonb,
  response_body jsonb,
  created_at timestamptz not null default now()
);
create index external_call_log_account_created_idx on external_call_log (account_id, created_at desc);
create index external_call_log_correlation_idx on external_call_log (correlation_id);
select enable_tenant_isolation('external_call_log');

-- migrate:down
drop table external_call_log;
