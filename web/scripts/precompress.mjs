// Issue 14: after `vite build`, writes a brotli (quality 11) and a gzip copy beside every text
// asset, once. The server sends them as they are (@fastify/static preCompressed) instead of
// compressing the same file again on every request.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt|map|webmanifest)$/;

const walk = (dir) =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });

let before = 0;
let after = 0;
for (const file of walk(dist).filter((f) => COMPRESSIBLE.test(f))) {
  const body = fs.readFileSync(file);
  if (body.length < 1024) {
    continue;
  }
  const br = zlib.brotliCompressSync(body, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  });
  fs.writeFileSync(`${file}.br`, br);
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(body, { level: 9 }));
  before += body.length;
  after += br.length;
}
process.stdout.write(`precompressed ${Math.round(before / 1024)} KiB of assets to ${Math.round(after / 1024)} KiB (brotli)\n`);
