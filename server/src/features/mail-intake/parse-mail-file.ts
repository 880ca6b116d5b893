// `flightdeck parse-mail`: one file → which parser matched and the runs it read, in the ingestion
// API's run shape, or why no parser understood it.
import fs from 'node:fs/promises';
import { describeParse } from './parsers/interpret-mail';

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
