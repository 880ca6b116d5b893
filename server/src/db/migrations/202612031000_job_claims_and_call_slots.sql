-- Issue 14 (several nodes). System tables: no tenant data, no tenant role reads them.
--
-- job_claims: a job with a de-duplication key runs once per key, on whichever node takes it
-- first — not only while it is queued (pg-boss's singletonKey holds only until the job ends). A
-- failed run gives its claim back so the retry runs; the session sweep prunes old claims.
--
-- autotask_call_slots: Autotask allows a few concurrent requests per integration and endpoint
-- across everything that calls it. Each slot is a lease row; a node takes a free (or expired)
-- slot before a call and frees it after, so every node shares one count. An expired lease (a
-- node that died mid-call) frees itself.
-- migrate:up
create table job_claims (
  job_name text not null,
  dedupe_key text not null check (length(dedupe_key) <= 400),
  claimed_at timestamptz not null default now(),
  primary key (job_name, dedupe_key)
);
create index job_claims_claimed_at_idx on job_claims (claimed_at);
revoke all on job_claims from public, flightdeck_app;

create table autotask_call_slots (
  limit_key text not null check (length(limit_key) <= 600),
  slot smallint not null check (slot >= 0),
  holder uuid,
  expires_at timestamptz,
  primary key (limit_key, slot)
);
revoke all on autotask_call_slots from public, flightdeck_app;

-- migrate:down
drop table autotask_call_slots;
drop table job_claims;
