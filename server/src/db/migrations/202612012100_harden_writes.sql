-- Issue 13 (B4.2, B5, B6.2, P6, N3, N4): what trustworthy writes need from the schema.
-- migrate:up

-- B4.2: a create whose outcome is unknown (timeout, dropped connection) keeps its claim as
-- 'uncertain' until the PSA proves the ticket exists (adopted) or that it cannot (ADR 6).
alter table run_ticket_claims
  add column state text not null default 'pending' check (state in ('pending', 'uncertain')),
  add column last_error text check (length(last_error) <= 1000);

-- B5 / B6.2: the internal note a resolve already wrote, so a retry only retries the status
-- change; and links an operator removed ('unlinked'), kept as history.
alter table ticket_links
  add column resolve_note_external_id text check (length(resolve_note_external_id) <= 64),
  add column unlinked_by uuid references users (id) on delete set null;
alter table ticket_links drop constraint ticket_links_state_check;
alter table ticket_links
  add constraint ticket_links_state_check check (state in ('active', 'deleted_external', 'replaced', 'unlinked'));

-- N3: an e-mail is unique within its account only, so creating a user never reveals that the
-- address exists in another account; a login tries each account's user with that address.
drop index users_email_key;
create unique index users_account_email_key on users (account_id, email);
create index users_email_idx on users (email);

-- N4: what an API key may reach. Existing keys were made for ingestion.
alter table api_keys
  add column scopes text[] not null default array['ingest']::text[]
    check (cardinality(scopes) between 1 and 2 and scopes <@ array['ingest', 'read']::text[]);

-- N4: failed sign-ins per key (an e-mail, or a client address), shared by every node. A sign-in
-- counts itself here before the password is checked, under a per-key advisory lock.
create table login_attempts (
  id bigint generated always as identity primary key,
  limit_key text not null check (length(limit_key) <= 400),
  attempted_at timestamptz not null
);
create index login_attempts_key_idx on login_attempts (limit_key, attempted_at);

-- migrate:down
drop table login_attempts;
alter table api_keys drop column scopes;
drop index users_email_idx;
drop index users_account_email_key;
create unique index users_email_key on users (email);
alter table ticket_links drop constraint ticket_links_state_check;
update ticket_links set state = 'replaced' where state = 'unlinked';
alter table ticket_links
  add constraint ticket_links_state_check check (state in ('active', 'deleted_external', 'replaced'));
alter table ticket_links drop column unlinked_by, drop column resolve_note_external_id;
alter table run_ticket_claims drop column last_error, drop column state;
