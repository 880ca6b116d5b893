-- Issue 19 (B3): searching the board. Failing objects' names and messages are searchable by
-- PostgreSQL full text (the 'simple' configuration: no stemming, so host names, error codes and
-- product words match as typed, by prefix); successful objects are never searched, so they get
-- no vector and stay out of the (partial) index, and ingest of good runs pays nothing for it.
-- migrate:up
alter table backup_run_objects
  add column search tsvector generated always as (
    case when status <> 'success' then to_tsvector('simple', name || ' ' || (messages)::text) end
  ) stored;
create index backup_run_objects_search_idx on backup_run_objects using gin (search) where status <> 'success';

-- migrate:down
drop index backup_run_objects_search_idx;
alter table backup_run_objects drop column search;
