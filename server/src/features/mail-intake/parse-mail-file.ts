// `flightdeck parse-mail`: one file → which parser matched and the runs it read, in the ingestion
// API's run shape, or why no parser understood it.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { interpretMail } from './parsers/interpret-mail';
import { REPORT_PARSERS } from './parsers/registry';

export const parseMailFile = async (file: string) => {
  let raw: Buffer;
  try {
    raw = await fs.readFile(file);
  } catch (error) {
    return { file, parser: null, runs: [], error: `Cannot read the file: ${(error as Error).message}` };
  }
  const outcome = await interpretMail(raw, createHash('sha256').update(raw).digest('hex'), REPORT_PARSERS);
  if (outcome.status !== 'parsed') {
    return { file, parser: outcome.parser?.id ?? null, runs: [], error: outcome.reason };
  }
  return {
    file,
    parser: outcome.parser.id,
    // The run as the ingestion API takes it; the source key is the intake's, not the mail's.
    runs: outcome.runs.map(({ sourceKey: _sourceKey, ...run }) => run),
    error: null,
  };
};
