-- Issue 18 (P0.4, P0.5): the MCP servers an account's admins configure for the pilot's tool use.
-- A server's bearer token is sealed in integration_credentials (integration `mcp-<id>`), never
-- here. `allowed_tools` null offers every tool the server lists; `services` names the model
-- services that may use the server. A chat turn keeps the tool calls it made, for the chat.
-- migrate:up
create table mcp_servers (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  name text not null check (length(name) between 1 and 60),
  url text not null check (length(url) between 8 and 2000),
  transport text not null default 'streamable_http' check (transport in ('streamable_http', 'sse')),
  allowed_tools text[],
  services text[] not null default '{conversation}' check (services <@ array['conversation']::text[]),
  enabled boolean not null default true,
  last_test_at timestamptz,
  last_test_ok boolean,
  last_test_message text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (account_id, name)
);
select enable_tenant_isolation('mcp_servers');
alter table session_messages add column tool_calls jsonb not null default '[]';

-- migrate:down
alter table session_messages drop column tool_calls;
drop table mcp_servers;
