-- Issue 21 (I6): the log of Flightdeck's own database backups. A system table: it holds no
-- tenant data and no tenant role reads it (admins see it through the owner connection). Duration
-- is computed from started and finished, never stored; a backup pruned by retention keeps its row
-- with the time its file went.
-- migrate:up
create table backup_log (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('daily', 'weekly', 'monthly', 'manual', 'pre-migration')),
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  size_bytes bigint check (size_bytes >= 0),
  method text not null check (method in ('pglite-datadir', 'pg_dump-custom')),
  file text,
  sha256 text check (sha256 ~ '^[0-9a-f]{64}$'),
  encrypted boolean not null default true,
  verification text not null default 'not_verified' check (verification in ('passed', 'failed', 'not_verified')),
  reason text check (length(reason) <= 2000),
  migration text,
  -- The period a scheduled backup stands for ("2026-12-02" for a daily one): one per period.
  period text,
  file_deleted_at timestamptz
);
create unique index backup_log_one_per_period on backup_log (kind, period) where period is not null;
create index backup_log_started_idx on backup_log (started_at desc);
revoke all on backup_log from public, flightdeck_app;

-- migrate:down
drop table backup_log;
