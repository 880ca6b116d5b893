// Builds web/dist when it is missing or older than any file in web/src (used by `npm start` and
// the browser tests), so a fresh clone needs no separate build step.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const index = path.join(web, 'dist', 'index.html');

const newest = (dir) =>
  fs.readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
    const full = path.join(dir, entry.name);
    return Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }, 0);

export const ensureWebBuild = () => {
  const sources = Math.max(newest(path.join(web, 'src')), fs.statSync(path.join(web, 'index.html')).mtimeMs);
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources) {
    return false;
  }
  process.stdout.write('Building the web app…\n');
  execFileSync('npm', ['run', 'build', '--workspace', 'web', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  return true;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureWebBuild();
}
