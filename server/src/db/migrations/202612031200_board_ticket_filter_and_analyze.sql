-- Issue 14: the Run Checks board at 1M runs with one ticket per failed run.
-- * "Ticket: deleted" and "ticket: active" ask whether a run has a link in a state. By
--   (account, state, run) the planner can start from the few links in that state (or probe one
--   run's link) instead of scanning every link of the account.
-- * Bulk ingest adds runs faster than the default autovacuum analyze notices (10% of the table:
--   100k rows at 1M), and plans built on statistics from before the burst walked the newest runs
--   the wrong way (seconds instead of milliseconds). Analyze after 1% + 5,000 new rows instead, on
--   the two tables ingest grows; an analyze of a sample is cheap next to a bad plan.
-- migrate:up
create index ticket_links_state_run_idx on ticket_links (account_id, state, backup_run_id) where backup_run_id is not null;
alter table backup_runs set (autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 5000);
alter table ticket_links set (autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 1000);

-- migrate:down
alter table ticket_links reset (autovacuum_analyze_scale_factor, autovacuum_analyze_threshold);
alter table backup_runs reset (autovacuum_analyze_scale_factor, autovacuum_analyze_threshold);
drop index ticket_links_state_run_idx;
