// Runs in a worker thread: reads one raw mail with the registered parsers and posts back what it
// found, with the parser by id (functions do not cross threads).
import { parentPort } from 'node:worker_threads';
import { interpretMail } from './interpret-mail';
import { REPORT_PARSERS } from './registry';

export type ParseJob = { id: number; raw: Uint8Array; sha256: string };

parentPort?.on('message', async (job: ParseJob) => {
  const outcome = await interpretMail(Buffer.from(job.raw), job.sha256, REPORT_PARSERS);
  const { parser, ...rest } = outcome;
  parentPort?.postMessage({ id: job.id, outcome: { ...rest, parserId: parser?.id ?? null } });
});
