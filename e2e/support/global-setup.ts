// Browser tests need the built web app and Debian's chromium. Without chromium outside CI the
// browser tests are skipped with that reason printed; in CI (.ci/run installs it) it is required.
import fs from 'node:fs';
// @ts-expect-error a plain .mjs helper shared with `npm start`
import { ensureWebBuild } from '../../scripts/ensure-web-build.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default function setup() {
  if (!fs.existsSync(CHROMIUM) && process.env.CI) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
  }
  ensureWebBuild();
}
