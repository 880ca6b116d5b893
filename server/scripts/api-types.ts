// Writes web/src/app/api.generated.ts from the route schemas. `--check` fails when the committed
// file differs (the drift check of `npm run check`): a route whose schema changed without
// regenerating fails the check, like the database types.
import fs from 'node:fs';
import { API_TYPES_FILE, renderApiTypes } from './api-contract';

const text = await renderApiTypes();
if (process.argv.includes('--check')) {
  const committed = fs.existsSync(API_TYPES_FILE) ? fs.readFileSync(API_TYPES_FILE, 'utf8') : '';
  if (committed !== text) {
    process.stderr.write('web/src/app/api.generated.ts is out of date with the route schemas: run `npm run api:types`.\n');
    process.exitCode = 1;
  } else {
    process.stdout.write('Web API types match the route schemas.\n');
  }
} else {
  fs.writeFileSync(API_TYPES_FILE, text);
  process.stdout.write(`Wrote ${API_TYPES_FILE}\n`);
}
