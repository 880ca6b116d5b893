import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMailFile } from './parse-mail-file';

const fixture = (name: string) => path.join(import.meta.dirname, 'parsers', 'fixtures', name);

describe('parse-mail (issue 11 item 5)', () => {
  it('names the parser and gives the runs in the ingestion shape, without a source key', async () => {
    const result = await parseMailFile(fixture('veeam-backup-warning.eml'));
    expect(result).toMatchObject({ parser: 'veeam-backup-replication', error: null });
    expect(result.runs[0]).toMatchObject({ job: { name: 'Daily Servers' }, status: 'warning' });
    expect(result.runs[0]).not.toHaveProperty('sourceKey');
  });

  it('says why nothing understood a mail, or why a file could not be read', async () => {
    expect(await parseMailFile(fixture('newsletter.eml'))).toMatchObject({
      parser: null,
      runs: [],
      error: expect.stringContaining('No parser'),
    });
    expect(await parseMailFile('/no/such/file.eml')).toMatchObject({ parser: null, error: expect.stringContaining('Cannot read') });
  });
});
