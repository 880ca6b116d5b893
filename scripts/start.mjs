// `npm start`: build what is missing, then run the server (migrate, seed the demo once, serve).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureWebBuild } from './ensure-web-build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
ensureWebBuild();
const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', 'start', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { LOG_LEVEL: 'warn', ...process.env },
});
// Forward stop signals; the server ignores a repeat (Ctrl+C also reaches it via the process group).
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
