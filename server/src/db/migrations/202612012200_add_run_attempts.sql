-- B2.3 / issue 11: attempts of one backup session. A retry (Veeam "(Retry N)") is a later attempt
-- of the same session; it supersedes the earlier attempts, which stay as history (ADR 8).
-- migrate:up
alter table backup_runs
  add column attempt smallint not null default 1 check (attempt between 1 and 999),
  add column superseded_by uuid references backup_runs (id) on delete set null;
create index backup_runs_superseded_idx on backup_runs (superseded_by) where superseded_by is not null;

-- migrate:down
drop index backup_runs_superseded_idx;
alter table backup_runs drop column superseded_by, drop column attempt;
