-- Issue 18 (I4): insights are edited and retired, not deleted: a retired insight stops reaching
-- the pilot and the customer page but stays with the session it came from.
-- migrate:up
alter table environment_insights add column updated_at timestamptz not null default now();
alter table environment_insights add column retired_at timestamptz;

-- migrate:down
alter table environment_insights drop column retired_at;
alter table environment_insights drop column updated_at;
