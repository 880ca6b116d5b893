-- Issue 12 (B2.4): schedules that fit real backup jobs. A job's watch state (learning, watching,
-- re-learning, irregular, on demand, paused), what learning saw and still needs, the schedule it
-- replaced when a job moved, paused checks, and when judging (re)started. A run that arrived after
-- its slot's grace window keeps by how much.
-- migrate:up
alter table backup_jobs
  add column schedule_state text not null default 'learning'
    check (schedule_state in ('learning', 'watching', 'relearning', 'irregular', 'on_demand', 'paused')),
  add column schedule_sessions integer not null default 0 check (schedule_sessions >= 0),
  add column schedule_confidence numeric(3, 2) check (schedule_confidence between 0 and 1),
  add column schedule_needed text,
  add column schedule_learn_from timestamptz,
  add column schedule_previous jsonb,
  add column schedule_changed_at timestamptz,
  add column checks_paused boolean not null default false,
  add column checks_paused_at timestamptz,
  add column watch_from timestamptz;
alter table backup_runs add column late_minutes integer check (late_minutes >= 0);
-- Schedules stored with one `time` become lists of times.
update backup_jobs
  set schedule = (schedule - 'time') || jsonb_build_object('times', jsonb_build_array(schedule -> 'time'))
  where schedule ? 'time';
update backup_jobs set schedule_state = 'watching' where schedule is not null;

-- migrate:down
update backup_jobs
  set schedule = (schedule - 'times') || jsonb_build_object('time', schedule -> 'times' -> 0)
  where schedule ? 'times';
update backup_jobs set schedule = null, schedule_source = null
  where schedule ->> 'kind' in ('interval', 'on_demand');
alter table backup_runs drop column late_minutes;
alter table backup_jobs
  drop column watch_from,
  drop column checks_paused_at,
  drop column checks_paused,
  drop column schedule_changed_at,
  drop column schedule_previous,
  drop column schedule_learn_from,
  drop column schedule_needed,
  drop column schedule_confidence,
  drop column schedule_sessions,
  drop column schedule_state;
