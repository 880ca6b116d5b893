// Creates an empty timestamped migration: npm run db:new -- create_backup_jobs
import fs from 'node:fs';
import { MIGRATIONS_DIR } from '#src/db/migrator';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('Usage: npm run db:new -- <verb_object>   (lowercase letters, digits, underscores)');
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 12);
const file = `${MIGRATIONS_DIR}/${stamp}_${name}.sql`;
fs.writeFileSync(file, `-- <what this migration is for, citing requirement ids>\n-- migrate:up\n\n-- migrate:down\n`);
console.log(`Created ${file}`);
