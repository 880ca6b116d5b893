-- Issue 19 (B3, B5): the dashboard's daily rollups. One row per customer and day (the account's
-- time zone) counting runs by their effective outcome: a run an override reviewed counts as
-- `overridden`, a missed placeholder a late run superseded is not counted (the late run is).
-- Statement-level triggers on backup_runs keep the rows current for every writer — ingest, mail
-- intake, the missed-run job, overrides, late runs — with one grouped upsert per statement; a
-- job moving to another customer moves its counts. Transition tables cannot serve several events
-- in one trigger, so each event has its own.
-- migrate:up
alter table accounts add column timezone text not null default 'UTC';

create table customer_day_rollups (
  account_id uuid not null references accounts (id) on delete cascade,
  customer_id uuid not null references customers (id) on delete cascade,
  day date not null,
  success integer not null default 0,
  warning integer not null default 0,
  error integer not null default 0,
  missed integer not null default 0,
  overridden integer not null default 0,
  primary key (account_id, customer_id, day)
);
-- The dashboard reads 30 days of every customer: covered, so it never touches the table.
create index customer_day_rollups_day_idx on customer_day_rollups (account_id, day)
  include (customer_id, success, warning, error, missed, overridden);
select enable_tenant_isolation('customer_day_rollups');

-- What a run counts as on the dashboard (null: not counted).
create function run_rollup_bucket(status text, override_id uuid, superseded_by uuid) returns text
  language sql immutable
  as $$
    select case when superseded_by is not null then null
                when override_id is not null and status <> 'success' then 'overridden'
                else status end
  $$;

-- Adds `sign` × the counts of the given runs (id, account_id, job_id, run_at, bucket) to the rollups.
create function add_run_counts(runs jsonb, sign integer) returns void
  language sql
  as $$
    insert into customer_day_rollups as r (account_id, customer_id, day, success, warning, error, missed, overridden)
    select x.account_id, j.customer_id, (x.run_at at time zone a.timezone)::date,
      sign * count(*) filter (where x.bucket = 'success'),
      sign * count(*) filter (where x.bucket = 'warning'),
      sign * count(*) filter (where x.bucket = 'error'),
      sign * count(*) filter (where x.bucket = 'missed'),
      sign * count(*) filter (where x.bucket = 'overridden')
    from jsonb_to_recordset(runs) as x(account_id uuid, job_id uuid, run_at timestamptz, bucket text)
    join backup_jobs j on j.id = x.job_id
    join accounts a on a.id = x.account_id
    where j.customer_id is not null and x.bucket is not null
    group by 1, 2, 3
    on conflict (account_id, customer_id, day) do update set
      success = r.success + excluded.success,
      warning = r.warning + excluded.warning,
      error = r.error + excluded.error,
      missed = r.missed + excluded.missed,
      overridden = r.overridden + excluded.overridden
  $$;

create function backup_runs_rollup() returns trigger
  language plpgsql
  as $$
  begin
    if tg_op = 'INSERT' then
      -- Inserts count straight from the transition table: the jsonb hand-over of add_run_counts
      -- would cost bulk ingest (1,000 runs a batch) more than the upsert itself.
      insert into customer_day_rollups as r (account_id, customer_id, day, success, warning, error, missed, overridden)
      select n.account_id, j.customer_id, (n.run_at at time zone a.timezone)::date,
        count(*) filter (where n.bucket = 'success'),
        count(*) filter (where n.bucket = 'warning'),
        count(*) filter (where n.bucket = 'error'),
        count(*) filter (where n.bucket = 'missed'),
        count(*) filter (where n.bucket = 'overridden')
      from (select account_id, job_id, run_at, run_rollup_bucket(status, override_id, superseded_by) as bucket from new_rows) n
      join backup_jobs j on j.id = n.job_id
      join accounts a on a.id = n.account_id
      where j.customer_id is not null and n.bucket is not null
      group by 1, 2, 3
      on conflict (account_id, customer_id, day) do update set
        success = r.success + excluded.success,
        warning = r.warning + excluded.warning,
        error = r.error + excluded.error,
        missed = r.missed + excluded.missed,
        overridden = r.overridden + excluded.overridden;
    elsif tg_op = 'UPDATE' then
      -- Only runs whose outcome, time or job changed move counts (a review changes none of them).
      perform add_run_counts(coalesce(jsonb_agg(jsonb_build_object('account_id', o.account_id, 'job_id', o.job_id,
          'run_at', o.run_at, 'bucket', run_rollup_bucket(o.status, o.override_id, o.superseded_by))), '[]'), -1),
        add_run_counts(coalesce(jsonb_agg(jsonb_build_object('account_id', n.account_id, 'job_id', n.job_id,
          'run_at', n.run_at, 'bucket', run_rollup_bucket(n.status, n.override_id, n.superseded_by))), '[]'), 1)
      from old_rows o join new_rows n on n.id = o.id
      where (o.job_id, o.run_at, run_rollup_bucket(o.status, o.override_id, o.superseded_by))
        is distinct from (n.job_id, n.run_at, run_rollup_bucket(n.status, n.override_id, n.superseded_by));
    else
      perform add_run_counts(coalesce(jsonb_agg(jsonb_build_object('account_id', o.account_id, 'job_id', o.job_id,
          'run_at', o.run_at, 'bucket', run_rollup_bucket(o.status, o.override_id, o.superseded_by))), '[]'), -1)
      from old_rows o;
    end if;
    return null;
  end
  $$;

create trigger backup_runs_rollup_insert after insert on backup_runs
  referencing new table as new_rows for each statement execute function backup_runs_rollup();
create trigger backup_runs_rollup_update after update on backup_runs
  referencing old table as old_rows new table as new_rows for each statement execute function backup_runs_rollup();
create trigger backup_runs_rollup_delete after delete on backup_runs
  referencing old table as old_rows for each statement execute function backup_runs_rollup();

-- A job that moves to another customer (or gets its first) moves its runs' counts; a job deleted
-- takes its counts with it before its runs go (their trigger no longer finds the job).
create function backup_jobs_rollup() returns trigger
  language plpgsql
  as $$
  begin
    if tg_op = 'UPDATE' then
      if old.customer_id is not distinct from new.customer_id then
        return new;
      end if;
    end if;
    perform add_run_counts(coalesce(jsonb_agg(jsonb_build_object('account_id', r.account_id, 'job_id', r.job_id,
        'run_at', r.run_at, 'bucket', run_rollup_bucket(r.status, r.override_id, r.superseded_by))), '[]'), -1)
    from backup_runs r where r.job_id = old.id;
    if tg_op = 'DELETE' then
      return old;
    end if;
    return new;
  end
  $$;
create function backup_jobs_rollup_after() returns trigger
  language plpgsql
  as $$
  begin
    if old.customer_id is distinct from new.customer_id then
      perform add_run_counts(coalesce(jsonb_agg(jsonb_build_object('account_id', r.account_id, 'job_id', r.job_id,
          'run_at', r.run_at, 'bucket', run_rollup_bucket(r.status, r.override_id, r.superseded_by))), '[]'), 1)
      from backup_runs r where r.job_id = new.id;
    end if;
    return null;
  end
  $$;
create trigger backup_jobs_rollup_before before update of customer_id or delete on backup_jobs
  for each row execute function backup_jobs_rollup();
create trigger backup_jobs_rollup_after after update of customer_id on backup_jobs
  for each row execute function backup_jobs_rollup_after();

-- Rebuilds one account's rollups from its runs (after a time-zone change, or to repair).
create function rebuild_customer_day_rollups(target uuid) returns void
  language sql
  as $$
    delete from customer_day_rollups where account_id = target;
    select add_run_counts(coalesce(jsonb_agg(jsonb_build_object('account_id', r.account_id, 'job_id', r.job_id,
        'run_at', r.run_at, 'bucket', run_rollup_bucket(r.status, r.override_id, r.superseded_by))), '[]'), 1)
    from backup_runs r where r.account_id = target;
  $$;

-- Existing runs, counted once.
insert into customer_day_rollups (account_id, customer_id, day, success, warning, error, missed, overridden)
select r.account_id, j.customer_id, (r.run_at at time zone a.timezone)::date,
  count(*) filter (where run_rollup_bucket(r.status, r.override_id, r.superseded_by) = 'success'),
  count(*) filter (where run_rollup_bucket(r.status, r.override_id, r.superseded_by) = 'warning'),
  count(*) filter (where run_rollup_bucket(r.status, r.override_id, r.superseded_by) = 'error'),
  count(*) filter (where run_rollup_bucket(r.status, r.override_id, r.superseded_by) = 'missed'),
  count(*) filter (where run_rollup_bucket(r.status, r.override_id, r.superseded_by) = 'overridden')
from backup_runs r join backup_jobs j on j.id = r.job_id join accounts a on a.id = r.account_id
where j.customer_id is not null
group by 1, 2, 3;

-- migrate:down
drop trigger backup_jobs_rollup_after on backup_jobs;
drop trigger backup_jobs_rollup_before on backup_jobs;
drop trigger backup_runs_rollup_delete on backup_runs;
drop trigger backup_runs_rollup_update on backup_runs;
drop trigger backup_runs_rollup_insert on backup_runs;
drop function rebuild_customer_day_rollups(uuid);
drop function backup_jobs_rollup_after();
drop function backup_jobs_rollup();
drop function backup_runs_rollup();
drop function add_run_counts(jsonb, integer);
drop function run_rollup_bucket(text, uuid, uuid);
drop table customer_day_rollups;
alter table accounts drop column timezone;
