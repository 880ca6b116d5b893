-- Issue 14: a run object costs less to write. Ingest writes ten or more objects per run, and at
-- 10 objects a run the objects' insert was most of the batch, on Flightdeck and on a bare UNNEST
-- script alike. Nothing refers to an object by its own id — an object is "position n of run r" —
-- so (run_id, position) becomes the key, and the random uuid and its index go. The account
-- foreign key went with it: an object follows its run (run_id cascades), whose account_id is
-- checked; account_id stays for row-level security.
-- migrate:up
alter table backup_run_objects drop constraint backup_run_objects_pkey;
alter table backup_run_objects drop column id;
alter table backup_run_objects drop constraint backup_run_objects_run_id_position_key;
alter table backup_run_objects add constraint backup_run_objects_pkey primary key (run_id, position);
alter table backup_run_objects drop constraint backup_run_objects_account_id_fkey;

-- migrate:down
alter table backup_run_objects add constraint backup_run_objects_account_id_fkey
  foreign key (account_id) references accounts(id) on delete cascade;
alter table backup_run_objects drop constraint backup_run_objects_pkey;
alter table backup_run_objects add constraint backup_run_objects_run_id_position_key unique (run_id, position);
alter table backup_run_objects add column id uuid not null default gen_random_uuid();
alter table backup_run_objects add constraint backup_run_objects_pkey primary key (id);
