// B4.4 / B4.5: what a run's PSA ticket says.
import { describe, expect, it } from 'vitest';
import { cleanMessage, jobDetailsUrl, type TicketRun, ticketDescription, ticketTitle } from './ticket-description';

const run = (over: Partial<TicketRun> = {}): TicketRun => ({
  customerName: 'Northwind Traders',
  jobName: 'Nightly HV',
  backupType: 'Backup Copy',
  status: 'error',
  runAt: new Date('2026-11-20T01:14:00Z'),
  timezone: 'Europe/Amsterdam',
  remark: '',
  problemObjects: [],
  jobDetailsUrl: jobDetailsUrl('https://flightdeck.example.com/', 'job-1', 'run-1'),
  ...over,
});

const vm = (name: string, message: string) => ({ name, status: 'error', messages: [message] });

describe('the ticket title', () => {
  it('names customer, job and status', () => {
    expect(ticketTitle(run())).toBe('[Flightdeck] Northwind Traders - Nightly HV - Error');
    expect(ticketTitle(run({ status: 'warning' }))).toBe('[Flightdeck] Northwind Traders - Nightly HV - Warning');
  });

  it('fits the PSA title field', () => {
    expect(ticketTitle(run({ jobName: 'x'.repeat(400) })).length).toBe(255);
  });
});

describe('the ticket description', () => {
  it('always carries job, type, run time in the job timezone, status and the Job Details link', () => {
    const text = ticketDescription(run());
    expect(text.split('\n').slice(0, 5)).toEqual([
      'Backup job: Nightly HV',
      'Backup type: Backup Copy',
      'Run: 2026-11-20 02:14 (Europe/Amsterdam)',
      'Status: Error',
      'Job Details: https://flightdeck.example.com/jobs/job-1/runs/run-1',
    ]);
  });

  it('with an overall remark: the remark and the fixed line, no object errors', () => {
    const text = ticketDescription(run({ remark: 'Job finished with 3 errors.', problemObjects: [vm('HV01', 'Disk full')] }));
    expect(text).toContain('Remark: Job finished with 3 errors.\nMultiple objects reported errors. See Flightdeck for full details.');
    expect(text).not.toContain('HV01');
    expect(text).not.toContain('Disk full');
  });

  it('without a remark: at most five objects, then "And X additional objects…"', () => {
    const objects = Array.from({ length: 8 }, (_, i) => vm(`VM${i + 1}`, `Failure ${i + 1}`));
    const text = ticketDescription(run({ problemObjects: objects }));
    expect(text).toContain('Objects:\n- VM1 (error): Failure 1\n');
    expect(text).toContain('- VM5 (error): Failure 5\nAnd 3 additional objects reported similar errors.');
    expect(text).not.toContain('VM6');
  });

  it('lists exactly five objects without the extra line', () => {
    const text = ticketDescription(run({ problemObjects: Array.from({ length: 5 }, (_, i) => vm(`VM${i + 1}`, `F${i}`)) }));
    expect(text).not.toContain('additional objects');
    expect(text.match(/^- /gm)).toHaveLength(5);
  });

  it('de-duplicates repeated messages and objects sharing one', () => {
    const text = ticketDescription(
      run({
        problemObjects: [
          { name: 'HV01', status: 'error', messages: ['Failed to connect to host', 'Failed to connect to host'] },
          vm('HV02', 'Failed to connect to host'),
          vm('HV03', 'Disk full'),
        ],
      }),
    );
    expect(text).toContain('- HV01, HV02 (error): Failed to connect to host\n- HV03 (error): Disk full');
    expect(text.match(/Failed to connect to host/g)).toHaveLength(1);
  });

  it('strips stack traces and raw dumps and trims long text', () => {
    const message = [
      'Error: Unable to open VSS snapshot',
      '   at Veeam.Backup.Core.CSnapshot.Open(String path)',
      '   at Veeam.Backup.Core.CJob.Run()',
    ].join('\n');
    expect(cleanMessage(message)).toBe('Error: Unable to open VSS snapshot');
    expect(cleanMessage(`Dump: ${'A'.repeat(500)} end`)).toBe('Dump: […] end');
    expect(cleanMessage('word '.repeat(200)).length).toBeLessThanOrEqual(300);
    const text = ticketDescription(run({ problemObjects: [vm('HV01', message)] }));
    expect(text).not.toContain('CSnapshot');
  });

  it('reports a missed run with its explanation only', () => {
    const text = ticketDescription(run({ status: 'missed', backupType: '', remark: 'No report arrived for the run due 20 Nov.' }));
    expect(text).toContain('Backup type: not reported\nRun: ');
    expect(text.endsWith('Remark: No report arrived for the run due 20 Nov.')).toBe(true);
  });
});

describe('the Job Details link', () => {
  it('is built from the base URL with or without a trailing slash or a path', () => {
    expect(jobDetailsUrl('https://fd.example.com', 'j', 'r')).toBe('https://fd.example.com/jobs/j/runs/r');
    expect(jobDetailsUrl('https://example.com/flightdeck/', 'j', 'r')).toBe('https://example.com/flightdeck/jobs/j/runs/r');
  });
});
