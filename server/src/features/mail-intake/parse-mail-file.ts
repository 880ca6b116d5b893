// `flightdeck parse-mail`: one file → which parser matched and the runs it read, in the ingestion
// API's run shape, or why no parser understood it.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { interpretMail } from './parsers/interpret-mail';
import { REPORT_PARSERS } from './parsers/registry';

/** What the parsers read from a raw mail: the parser (id and label), its runs, or why none did. */
export const describeParse = async (raw: Buffer) => {
  const outcome = await interpretMail(raw, createHash('sha256').update(raw).digest('hex'), REPORT_PARSERS);
  const parser = outcome.parser ? { id: outcome.parser.id, label: outcome.parser.label } : null;
  if (outcome.status !== 'parsed') {
    return { parser, runs: [], error: outcome.reason };
  }
  // The run as the ingestion API takes it; the source key is the intake's, not the mail's.
  return { parser, runs: outcome.runs.map(({ sourceKey: _sourceKey, attempt: _attempt, ...run }) => run), error: null };
};

export const parseMailFile = async (file: string) => {
  let raw: Buffer;
  try {
    raw = await fs.readFile(file);
  } catch (error) {
    return { file, parser: null, runs: [], error: `Cannot read the file: ${(error as Error).message}` };
  }
  const { parser, runs, error } = await describeParse(raw);
  return { file, parser: parser?.id ?? null, runs, error };
};
