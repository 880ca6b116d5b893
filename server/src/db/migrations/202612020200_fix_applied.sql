-- Issue 17 (P5): the resolution note states a fix as applied only when the engineer said so.
-- migrate:up
alter table session_suggested_fixes
  add column applied_at timestamptz,
  add column applied_by uuid references users (id) on delete set null;

-- migrate:down
alter table session_suggested_fixes drop column applied_by, drop column applied_at;
