// Issue 11 item 6: report mails are read in a worker thread, off the event loop. The parsers are
// linear, but reading a hostile 1 MB mail (65,000 nested unclosed tags) still costs close to a
// second of CPU; on the main thread that second is a second in which the server answers nothing.
// One worker reads one mail at a time (the queue keeps the order); a mail that takes longer than
// the limit has its worker stopped and replaced, and is kept as failed with that reason.
import { Worker } from 'node:worker_threads';
import type { MailOutcome } from './interpret-mail';
import { REPORT_PARSERS } from './registry';
import type { ReportParser } from './report-parser';

type Serialised = Omit<MailOutcome, 'parser'> & { parserId: string | null };
type Pending = { raw: Buffer; sha256: string; resolve: (outcome: MailOutcome) => void; reject: (error: Error) => void };

export const DEFAULT_PARSE_TIMEOUT_MS = 30_000;

export const createParsePool = (options: { timeoutMs?: number; parsers?: readonly ReportParser[] } = {}) => {
  const parsers = options.parsers ?? REPORT_PARSERS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_PARSE_TIMEOUT_MS;
  const queue: Pending[] = [];
  let worker: Worker | null = null;
  let busy: (Pending & { id: number; timer: NodeJS.Timeout }) | null = null;
  let nextId = 1;
  let closed = false;

  const revive = (outcome: Serialised): MailOutcome => {
    const { parserId, ...rest } = outcome;
    const parser = parsers.find((p) => p.id === parserId) ?? null;
    if (rest.status === 'parsed' && !parser) {
      return { status: 'failed', parser: null, mail: rest.mail, reason: `The parser ${parserId} is not known here.` };
    }
    return { ...rest, parser } as MailOutcome;
  };

  const finish = (settle: (job: Pending) => void) => {
    const job = busy;
    if (job) {
      clearTimeout(job.timer);
      busy = null;
      settle(job);
    }
    pump();
  };

  const failed = (reason: string): MailOutcome => ({ status: 'failed', parser: null, mail: null, reason });

  const spawn = () => {
    const created = new Worker(new URL('./parse-worker.mjs', import.meta.url));
    // The pool never keeps the process alive on its own (CLI commands, tests).
    created.unref();
    created.on('message', (message: { id: number; outcome: Serialised }) => {
      if (busy?.id === message.id) {
        finish((job) => job.resolve(revive(message.outcome)));
      }
    });
    created.on('error', (error) => {
      worker = null;
      finish((job) => job.resolve(failed(`Reading this mail stopped the reader: ${error.message.slice(0, 300)}`)));
    });
    created.on('exit', () => {
      if (worker === created) {
        worker = null;
      }
    });
    return created;
  };

  const pump = () => {
    if (busy || closed) {
      return;
    }
    const job = queue.shift();
    if (!job) {
      return;
    }
    worker ??= spawn();
    const id = nextId++;
    const timer = setTimeout(() => {
      const stuck = worker;
      worker = null;
      void stuck?.terminate();
      finish((j) => j.resolve(failed(`Reading this mail took longer than ${Math.round(timeoutMs / 1000)} s and was stopped.`)));
    }, timeoutMs);
    busy = { ...job, id, timer };
    worker.postMessage({ id, raw: job.raw, sha256: job.sha256 });
  };

  return {
    interpret: (raw: Buffer, sha256: string) =>
      new Promise<MailOutcome>((resolve, reject) => {
        if (closed) {
          reject(new Error('The mail reader is closed'));
          return;
        }
        queue.push({ raw, sha256, resolve, reject });
        pump();
      }),
    async close() {
      closed = true;
      for (const job of queue.splice(0)) {
        job.reject(new Error('The mail reader is closed'));
      }
      await worker?.terminate();
      worker = null;
    },
  };
};

export type ParsePool = ReturnType<typeof createParsePool>;
