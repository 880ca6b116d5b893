-- Issue 14: the board never walks the runs of jobs nobody has approved. A burst of first reports
-- puts thousands of new runs (of new, Inbox jobs) at the top of the board's indexes; the board
-- filtered them out one by one through the job. Each run now carries whether its job is active
-- (approved and watched), kept by the run writer on insert and by a trigger when a job's state
-- changes, and the board's partial indexes leave the others out.
-- migrate:up
alter table backup_runs add column job_active boolean not null default true;
update backup_runs r set job_active = false from backup_jobs j where j.id = r.job_id and j.state <> 'active';

create function backup_jobs_state_to_runs() returns trigger
  language plpgsql
  as $$
  begin
    update backup_runs set job_active = (new.state = 'active')
      where account_id = new.account_id and job_id = new.id and job_active is distinct from (new.state = 'active');
    return null;
  end
  $$;
create trigger backup_jobs_state_to_runs after update of state on backup_jobs
  for each row when (old.state is distinct from new.state) execute function backup_jobs_state_to_runs();

drop index backup_runs_review_idx;
drop index backup_runs_review_job_idx;
drop index backup_runs_problem_idx;
create index backup_runs_review_idx on backup_runs (account_id, run_at desc, id desc)
  where status <> 'success' and reviewed_at is null and job_active;
create index backup_runs_review_job_idx on backup_runs (account_id, job_id, run_at desc, id desc)
  where status <> 'success' and reviewed_at is null and job_active;
create index backup_runs_problem_idx on backup_runs (account_id, run_at desc, id desc)
  where status <> 'success' and job_active;

-- migrate:down
drop index backup_runs_problem_idx;
drop index backup_runs_review_job_idx;
drop index backup_runs_review_idx;
create index backup_runs_review_idx on backup_runs (account_id, run_at desc, id desc)
  where status <> 'success' and reviewed_at is null;
create index backup_runs_review_job_idx on backup_runs (account_id, job_id, run_at desc, id desc)
  where status <> 'success' and reviewed_at is null;
create index backup_runs_problem_idx on backup_runs (account_id, run_at desc, id desc)
  where status <> 'success';
drop trigger backup_jobs_state_to_runs on backup_jobs;
drop function backup_jobs_state_to_runs();
alter table backup_runs drop column job_active;
