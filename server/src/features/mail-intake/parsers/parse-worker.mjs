// Entry of the mail-reading worker thread (parse-pool.ts). Node 20 does not carry tsx's loader
// into worker threads, so the worker registers it before loading the TypeScript handler.
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker.ts');
