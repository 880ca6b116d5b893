// Issue 14: `engines` in package.json is a promise. The suite runs on the Node that `npm test`
// finds first on PATH — the node-linux-* package npm installs for Flightdeck's scripts — and this
// checks that Node keeps the promise the dependencies need (kysely 0.29, pg-boss 12 and
// react-router 8 require Node 22).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
  optionalDependencies: Record<string, string>;
};
const parts = (version: string) =>
  version
    .replace(/^[^\d]*/, '')
    .split('.')
    .map(Number) as [number, number, number];
const atLeast = (version: string, minimum: string) => {
  const [a, b] = [parts(version), parts(minimum)];
  for (let i = 0; i < 3; i += 1) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) {
      return (a[i] ?? 0) > (b[i] ?? 0);
    }
  }
  return true;
};

describe('the Node engine', () => {
  it('runs the suite on a Node that satisfies package.json engines', () => {
    const minimum = manifest.engines.node.replace(/^>=\s*/, '');
    expect(atLeast(process.versions.node, minimum), `Node ${process.versions.node} < ${minimum}`).toBe(true);
  });

  it('installs a Node for the scripts that itself satisfies engines', () => {
    const minimum = manifest.engines.node.replace(/^>=\s*/, '');
    for (const [name, version] of Object.entries(manifest.optionalDependencies).filter(([n]) => n.startsWith('node-'))) {
      expect(atLeast(version, minimum), `${name}@${version}`).toBe(true);
    }
  });
});
