-- I5: tags, and the links that put them on infrastructure items and on work items (backup jobs
-- for now). Deleting a tag or a tagged thing removes its links.
-- migrate:up
create table tags (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 60),
  color text not null default 'cyan' check (color in ('cyan', 'green', 'amber', 'red', 'purple', 'slate')),
  created_at timestamptz not null default now()
);
create unique index tags_name_key on tags (account_id, lower(name));
select enable_tenant_isolation('tags');

create table tag_links (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  tag_id uuid not null references tags (id) on delete cascade,
  infrastructure_item_id uuid references infrastructure_items (id) on delete cascade,
  backup_job_id uuid references backup_jobs (id) on delete cascade,
  created_at timestamptz not null default now(),
  -- A link points at exactly one thing.
  check (num_nonnulls(infrastructure_item_id, backup_job_id) = 1)
);
create unique index tag_links_item_key on tag_links (tag_id, infrastructure_item_id) where infrastructure_item_id is not null;
create unique index tag_links_job_key on tag_links (tag_id, backup_job_id) where backup_job_id is not null;
select enable_tenant_isolation('tag_links');

-- migrate:down
drop table tag_links;
drop table tags;
