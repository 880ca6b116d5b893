// npm run bench -- <name>: runs bench/<name>.ts.
export {};

const name = process.argv[2];
const known = ['psa-sync', 'ingest', 'board', 'dashboard', 'mail-intake', 'pilot-cache', 'db-backup'];
if (!name || !known.includes(name)) {
  console.error(`Usage: npm run bench -- <${known.join(' | ')}>`);
  process.exit(2);
}
await import(`./${name}.ts`);
