// Table-driven: every sample mail yields the expected job, status, remark and objects.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReportMail } from './mail-reader';
import { REPORT_PARSERS } from './registry';
import { parserMatches, ReportParseError } from './report-parser';

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name));

const parse = async (name: string) => {
  const mail = await readReportMail(fixture(name));
  const parser = REPORT_PARSERS.find((p) => parserMatches(p, mail));
  return { parser: parser?.id ?? null, runs: parser ? parser.parse(mail) : [] };
};

describe('report parsers', () => {
  it.each([
    {
      file: 'veeam-backup-warning.eml',
      parser: 'veeam-backup-replication',
      job: { name: 'Daily Servers', software: 'Veeam Backup & Replication', type: 'Backup' },
      status: 'warning',
      startedAt: '2026-11-16T21:00:05.000Z',
      endedAt: '2026-11-16T21:41:10.000Z',
      remark: '',
      objects: [
        ['HV01', 'success', 0],
        ['SQL01', 'warning', 1],
        ['FS01', 'success', 0],
      ],
    },
    {
      file: 'veeam-backup-copy-success.eml',
      parser: 'veeam-backup-replication',
      job: { name: 'Offsite Copy', software: 'Veeam Backup & Replication', type: 'Backup Copy' },
      status: 'success',
      startedAt: '2026-11-17T06:00:00.000Z',
      endedAt: '2026-11-17T06:52:30.000Z',
      remark: '',
      objects: [
        ['HV01', 'success', 0],
        ['SQL01', 'success', 0],
      ],
    },
    {
      file: 'veeam-replication-failed.eml',
      parser: 'veeam-backup-replication',
      job: { name: 'DR Replica', software: 'Veeam Backup & Replication', type: 'Replication' },
      status: 'error',
      startedAt: '2026-11-16T22:00:00.000Z',
      endedAt: '2026-11-16T22:07:45.000Z',
      remark: 'Job finished with error: 1 VM failed to replicate.\nThe target host DR-HV02 did not answer.',
      objects: [
        ['DC01', 'success', 0],
        ['SQL01', 'error', 2],
      ],
    },
    {
      // nl-NL retry session: "(Retry 3)" is not part of the name, the result cell says "Error",
      // the end time is past midnight, and only the re-processed VM is listed.
      file: 'veeam-retry-nl.eml',
      parser: 'veeam-backup-replication',
      job: { name: 'Nachtelijke back-up', software: 'Veeam Backup & Replication', type: 'Backup' },
      status: 'error',
      startedAt: '2026-11-28T22:50:29.000Z',
      endedAt: '2026-11-28T23:12:03.000Z',
      remark: 'Processing APP02 Error: Failed to create VM snapshot. Virtual disk is locked.',
      objects: [['APP02', 'error', 2]],
    },
    {
      // de-DE, forwarded from Outlook: "FW:" subject, x_ classes, the forwarder's header block.
      file: 'veeam-forwarded-de.eml',
      parser: 'veeam-backup-replication',
      job: { name: 'Tägliche Sicherung', software: 'Veeam Backup & Replication', type: 'Backup' },
      status: 'success',
      startedAt: '2026-11-27T21:00:05.000Z',
      endedAt: '2026-11-27T21:31:40.000Z',
      remark: '',
      objects: [
        ['FAB-DC01', 'success', 0],
        ['FAB-ERP01', 'success', 0],
      ],
    },
    {
      // Veeam Agent for Microsoft Windows, standalone: the product in the description line.
      file: 'veeam-agent-windows.eml',
      parser: 'veeam-backup-replication',
      job: { name: 'LT-ANNA - Laptop backup', software: 'Veeam Agent for Microsoft Windows', type: 'Agent Backup' },
      status: 'success',
      startedAt: '2026-11-30T20:30:04.000Z',
      endedAt: '2026-11-30T20:41:17.000Z',
      remark: '',
      objects: [['LT-ANNA', 'success', 0]],
    },
    {
      // PVE 8 notification system: padded text table, times only in the log lines.
      file: 'proxmox-success.eml',
      parser: 'proxmox-vzdump',
      job: { name: 'vzdump on pve01.contoso.example', software: 'Proxmox VE', type: 'Backup' },
      status: 'success',
      startedAt: '2026-11-30T21:00:02.000Z',
      endedAt: '2026-11-30T21:03:19.000Z',
      remark: 'Total running time: 3m 17s\nTotal size: 10.813 GiB',
      objects: [
        ['dc01', 'success', 0],
        ['files', 'success', 0],
      ],
    },
    {
      // One guest "err" with filename "null"; its ERROR log line becomes its message.
      file: 'proxmox-failed-guest.eml',
      parser: 'proxmox-vzdump',
      job: { name: 'vzdump on pve02.contoso.example', software: 'Proxmox VE', type: 'Backup' },
      status: 'error',
      startedAt: '2026-11-30T21:00:02.000Z',
      endedAt: '2026-11-30T21:01:41.000Z',
      remark: 'Total running time: 1m 39s\nTotal size: 4.5 GiB',
      objects: [
        ['web01', 'success', 0],
        ['VM 101', 'error', 1],
      ],
    },
    {
      // The job failed before any guest: an empty table is still an error run.
      file: 'proxmox-job-failed.eml',
      parser: 'proxmox-vzdump',
      job: { name: 'vzdump on pve03.contoso.example', software: 'Proxmox VE', type: 'Backup' },
      status: 'error',
      startedAt: '2026-11-30T22:00:01.000Z',
      endedAt: '2026-11-30T22:00:01.000Z',
      remark: "could not activate storage 'pbs01'\nNo guest was backed up.\nTotal running time: 0s\nTotal size: 0 B",
      objects: [],
    },
    {
      // PVE 7 Perl mail: "status (<host>) : successful", fixed-width columns, OK.
      file: 'proxmox-legacy-success.eml',
      parser: 'proxmox-vzdump',
      job: { name: 'vzdump on pve-old.contoso.example', software: 'Proxmox VE', type: 'Backup' },
      status: 'success',
      startedAt: '2026-11-30T00:00:02.000Z',
      endedAt: '2026-11-30T00:15:35.000Z',
      remark: '',
      objects: [
        ['fileserver', 'success', 0],
        ['mail', 'success', 0],
      ],
    },
    {
      file: 'generic-success.eml',
      parser: 'generic-subject-keywords',
      job: { name: 'Workstation images', software: 'Unknown (contoso.example)', type: '' },
      status: 'success',
      startedAt: undefined,
      endedAt: '2026-11-17T03:15:00.000Z',
      remark: 'The backup task Workstation images completed successfully.',
      objects: [],
    },
    {
      // Italian DSM: label-space-value lines, day-first minutes, a DSM subject prefix.
      file: 'synology-abb-it-completed.eml',
      parser: 'synology-active-backup',
      job: { name: 'BCK-PC-AMMIN01', software: 'Synology Active Backup for Business', type: 'Backup' },
      status: 'success',
      startedAt: '2026-11-16T23:30:00.000Z',
      endedAt: '2026-11-17T00:11:00.000Z',
      remark: 'Transferred: 14.4 GB',
      objects: [['PC-AMMIN01', 'success', 0]],
    },
    {
      // "[rr-nas-02]Active…": a prefix without a space; "non riuscita" is a failure.
      file: 'synology-abb-it-failed.eml',
      parser: 'synology-active-backup',
      job: { name: 'BCK-SRV-GEST', software: 'Synology Active Backup for Business', type: 'Backup' },
      status: 'error',
      startedAt: '2026-11-18T22:00:00.000Z',
      endedAt: '2026-11-18T22:41:00.000Z',
      remark: 'Transferred: 0 B',
      objects: [['SRV-GEST', 'error', 0]],
    },
    {
      file: 'synology-abb-en-failed.eml',
      parser: 'synology-active-backup',
      job: { name: 'BCK-LAPTOP-CEO', software: 'Synology Active Backup for Business', type: 'Backup' },
      status: 'error',
      startedAt: '2026-11-16T22:00:00.000Z',
      endedAt: '2026-11-16T23:12:00.000Z',
      remark: 'Transferred: 0 B',
      objects: [['LAPTOP-CEO', 'error', 0]],
    },
    {
      // German Hyper Backup: outcome from the subject, duration in words, no times in the body.
      file: 'synology-hyperbackup-de-success.eml',
      parser: 'synology-hyper-backup',
      job: { name: 'Offsite-C2', software: 'Synology Hyper Backup', type: 'Backup' },
      status: 'success',
      startedAt: '2026-11-29T01:00:00.000Z',
      endedAt: '2026-11-29T02:12:05.000Z',
      remark: 'Target grew by 1.2 GB',
      objects: [['Synology C2 Storage (Frankfurt)', 'success', 0]],
    },
    {
      file: 'synology-hyperbackup-de-failed.eml',
      parser: 'synology-hyper-backup',
      job: { name: 'USB-Rotation', software: 'Synology Hyper Backup', type: 'Backup' },
      status: 'error',
      startedAt: '2026-11-30T01:00:40.000Z',
      endedAt: '2026-11-30T01:04:40.000Z',
      remark: 'Das Sicherungsziel wurde nicht gefunden.',
      objects: [['USBShare1', 'error', 1]],
    },
    {
      file: 'synology-hyperbackup-en-success.eml',
      parser: 'synology-hyper-backup',
      job: { name: 'Cloud-B2', software: 'Synology Hyper Backup', type: 'Backup' },
      status: 'success',
      startedAt: '2026-11-29T02:48:01.000Z',
      endedAt: '2026-11-29T03:00:31.000Z',
      remark: 'Target grew by 640.5 MB',
      objects: [['Backblaze B2 (contoso-offsite)', 'success', 0]],
    },
    {
      // vee-mail 0.5 (Veeam Agent for Linux, community script): no charset, no transfer
      // encoding, a job title that already names the host, the error log in a Details row.
      file: 'veeam-linux-veemail-legacy-failed.eml',
      parser: 'veeam-backup-replication',
      job: { name: 'Backup Job LNX-APP02', software: 'Veeam Agent for Linux', type: 'Agent Backup' },
      status: 'error',
      startedAt: '2026-11-30T22:30:01.000Z',
      endedAt: '2026-11-30T22:34:47.000Z',
      remark:
        '[30.11.2026 23:34:41] <140> Error Failed to connect to repository nas01.contoso.local: Connection refused\n[30.11.2026 23:34:46] <140> Error Job has failed',
      objects: [['LNX-APP02', 'error', 0]],
    },
    {
      // vee-mail 2025: RFC 2047 subject, "(Incremental)" after the job name, the host prefixed.
      file: 'veeam-linux-veemail-success.eml',
      parser: 'veeam-backup-replication',
      job: { name: 'SRV-FILES01 - BackupJob1', software: 'Veeam Agent for Linux', type: 'Agent Backup' },
      status: 'success',
      startedAt: '2026-12-01T00:00:05.000Z',
      endedAt: '2026-12-01T00:09:02.000Z',
      remark: '',
      objects: [['SRV-FILES01', 'success', 0]],
    },
    {
      // German locale long date, an unknown backup type rendered as "()".
      file: 'veeam-linux-veemail-de-warning.eml',
      parser: 'veeam-backup-replication',
      job: { name: 'DEB-MAIL - Tagessicherung', software: 'Veeam Agent for Linux', type: 'Agent Backup' },
      status: 'warning',
      startedAt: '2026-12-02T01:00:03.000Z',
      endedAt: '2026-12-02T01:21:40.000Z',
      remark: '[02.12.2026 02:01:12] <139> Warning Changed block tracking is not available for /dev/sdb1, falling back to full read',
      objects: [['DEB-MAIL', 'warning', 0]],
    },
    {
      file: 'veeam-365-success.eml',
      parser: 'veeam-backup-replication',
      job: { name: 'contoso.onmicrosoft.com - Exchange Online Daily', software: 'Veeam Backup for Microsoft 365', type: 'Backup' },
      status: 'success',
      startedAt: '2026-12-01T08:00:11.000Z',
      endedAt: '2026-12-01T08:19:48.000Z',
      remark: '',
      objects: [
        ['anna.berg@contoso.com', 'success', 0],
        ['ben.ortiz@contoso.com', 'success', 0],
        ['shared.invoices@contoso.com', 'success', 0],
      ],
    },
    {
      // The product's name before v7 ("… for Microsoft Office 365"); a session past midnight.
      file: 'veeam-365-office-warning.eml',
      parser: 'veeam-backup-replication',
      job: { name: 'fabrikamlaw.onmicrosoft.com - SharePoint and OneDrive', software: 'Veeam Backup for Microsoft 365', type: 'Backup' },
      status: 'warning',
      startedAt: '2026-12-01T04:30:00.000Z',
      endedAt: '2026-12-01T06:02:37.000Z',
      remark: 'Processing finished with warnings',
      objects: [
        ['https://fabrikamlaw.sharepoint.com/sites/Cases', 'warning', 2],
        ['https://fabrikamlaw-my.sharepoint.com/personal/dana_fabrikamlaw_com', 'success', 0],
      ],
    },
    {
      file: 'veeam-365-failed-de.eml',
      parser: 'veeam-backup-replication',
      job: { name: 'adatum.onmicrosoft.com - Teams', software: 'Veeam Backup for Microsoft 365', type: 'Backup' },
      status: 'error',
      startedAt: '2026-12-01T02:00:00.000Z',
      endedAt: '2026-12-01T02:00:42.000Z',
      remark: 'Failed to connect to Microsoft 365 organization: AADSTS7000222: The provided client secret keys are expired.',
      objects: [['Projekt Nordlicht', 'error', 1]],
    },
    {
      // Veeam Agent for Windows mails at the first error of a scheduled session …
      file: 'veeam-agent-windows-first-error.eml',
      parser: 'veeam-backup-replication',
      job: { name: 'Backup Job LT-BEN', software: 'Veeam Agent for Microsoft Windows', type: 'Agent Backup' },
      status: 'error',
      startedAt: '2026-12-01T20:30:02.000Z',
      endedAt: '2026-12-01T20:31:14.000Z',
      remark: 'Unable to connect to the backup repository. Retrying in 10 minutes.',
      objects: [['LT-BEN', 'error', 1]],
    },
    {
      // … and again with the final result of the same session (same start).
      file: 'veeam-agent-windows-final.eml',
      parser: 'veeam-backup-replication',
      job: { name: 'Backup Job LT-BEN', software: 'Veeam Agent for Microsoft Windows', type: 'Agent Backup' },
      status: 'success',
      startedAt: '2026-12-01T20:30:02.000Z',
      endedAt: '2026-12-01T20:58:33.000Z',
      remark: '',
      objects: [['LT-BEN', 'success', 0]],
    },
    {
      // Acronis Cyber Protect Cloud alert, HTML only, label/value cells with no space between.
      file: 'acronis-cloud-failed.eml',
      parser: 'acronis-cyber-protect-cloud',
      job: { name: 'Servers – daily 22:00', software: 'Acronis Cyber Protect Cloud', type: 'Backup' },
      status: 'error',
      startedAt: '2026-11-30T21:00:04.000Z',
      endedAt: '2026-11-30T21:07:52.000Z',
      remark: 'Failed to create a volume snapshot: The shadow copy provider had an unexpected error.',
      objects: [['NW-SQL01', 'error', 1]],
    },
    {
      // A branded partner tenant: the MSP's own sender and wording around Acronis' alert.
      file: 'acronis-cloud-branded-warning.eml',
      parser: 'acronis-cyber-protect-cloud',
      job: { name: 'File server – hourly', software: 'Acronis Cyber Protect Cloud', type: 'Backup' },
      status: 'warning',
      startedAt: '2026-12-01T08:00:02.000Z',
      endedAt: '2026-12-01T08:04:40.000Z',
      remark: '3 files were skipped because they are in use.',
      objects: [['CT-FS02', 'warning', 1]],
    },
    {
      // White-label, ISO-8859-1 quoted-printable: outcome in the subject, duration back from Date.
      file: 'acronis-whitelabel-erfolgreich.eml',
      parser: 'acronis-white-label',
      job: { name: 'Frankenbrecher Stöhr - Backup täglich PC SRV01', software: 'Acronis Cyber Protect', type: 'Backup' },
      status: 'success',
      startedAt: '2026-12-01T00:00:05.000Z',
      endedAt: '2026-12-01T00:10:09.000Z',
      remark: '',
      objects: [],
    },
    {
      file: 'acronis-whitelabel-warnungen.eml',
      parser: 'acronis-white-label',
      job: { name: 'Bäckerei Müller GmbH - Server täglich', software: 'Acronis Cyber Protect', type: 'Backup' },
      status: 'warning',
      startedAt: '2026-12-02T01:01:31.000Z',
      endedAt: '2026-12-02T02:04:12.000Z',
      remark: '2 Dateien konnten nicht gelesen werden (Zugriff verweigert).',
      objects: [],
    },
    {
      // Acronis Backup 11.5: the outcome on the last line, repeated errors listed once.
      file: 'acronis-legacy-failed.eml',
      parser: 'acronis-backup-legacy',
      job: { name: 'Daily SRV-APP01', software: 'Acronis Backup', type: 'Backup' },
      status: 'error',
      startedAt: '2026-12-01T04:00:01.000Z',
      endedAt: '2026-12-01T04:03:37.000Z',
      remark: 'Error code 41: Failed to open the backup location \\\\nas01\\acronis.\nError code 3: The network path was not found.',
      objects: [['SRV-APP01', 'error', 2]],
    },
    {
      // No start/end labels: the run is timed by its first and last log lines; trailing blank lines.
      file: 'acronis-legacy-succeeded.eml',
      parser: 'acronis-backup-legacy',
      job: { name: 'Weekly full DC01', software: 'Acronis Backup', type: 'Backup' },
      status: 'success',
      startedAt: '2026-11-29T07:00:00.000Z',
      endedAt: '2026-11-29T07:41:18.000Z',
      remark: '',
      objects: [['DC01', 'success', 0]],
    },
    {
      // Cove Backup Manager status report: the computer is the job, data sources the objects,
      // a relative "1:31:05 AM" last session on the mail's day.
      file: 'cove-status-report.eml',
      parser: 'n-able-cove',
      job: { name: 'NW-FS01', software: 'N-able Cove Data Protection', type: 'Backup' },
      status: 'warning',
      startedAt: '2026-12-01T00:31:05.000Z',
      endedAt: undefined,
      remark: '',
      objects: [
        ['Files and Folders', 'success', 0],
        ['System State', 'warning', 0],
        ['MS SQL', 'success', 0],
      ],
    },
    {
      // An MSP-written Cove notification rule: <%date%> in GMT, a CamelCase session status.
      file: 'cove-rule-failed.eml',
      parser: 'n-able-cove',
      job: { name: 'SRV-DC01', software: 'N-able Cove Data Protection', type: 'Backup' },
      status: 'error',
      startedAt: '2026-12-02T01:12:40.000Z',
      endedAt: undefined,
      remark: '2 errors in the session',
      objects: [],
    },
    {
      file: 'cove-rule-completed-with-errors.eml',
      parser: 'n-able-cove',
      job: { name: 'SRV-DC01', software: 'N-able Cove Data Protection', type: 'Backup' },
      status: 'warning',
      startedAt: '2026-12-03T00:58:19.000Z',
      endedAt: undefined,
      remark: '',
      objects: [],
    },
    {
      file: 'nakivo-warning.eml',
      parser: 'nakivo',
      job: { name: 'Nightly VMs', software: 'NAKIVO Backup & Replication', type: 'VMware backup' },
      status: 'warning',
      startedAt: '2026-11-17T05:00:00.000Z',
      endedAt: '2026-11-17T05:48:30.000Z',
      remark: '2 of 3 VMs backed up successfully',
      objects: [
        ['web01', 'success', 0],
        ['web02', 'success', 0],
        ['erp-db', 'warning', 1],
      ],
    },
  ])('$file → $job.name ($status)', async (expected) => {
    const { parser, runs } = await parse(expected.file);
    expect(parser).toBe(expected.parser);
    expect(runs).toHaveLength(1);
    const [run] = runs;
    expect(run).toMatchObject({ job: expected.job, status: expected.status, remark: expected.remark });
    expect(run?.endedAt).toBe(expected.endedAt);
    expect(run?.startedAt).toBe(expected.startedAt);
    expect(run?.objects.map((o) => [o.name, o.status, o.messages.length])).toEqual(expected.objects);
  });

  it.each([
    // Veeam's grid: Total size 1.2 TB, Transferred 97.1 GB; Proxmox: "Total size: 10.813 GiB", nothing transferred.
    ['veeam-backup-warning.eml', Math.round(1.2 * 1024 ** 4), Math.round(97.1 * 1024 ** 3)],
    ['veeam-linux-veemail-de-warning.eml', 300 * 1024 ** 3, 9 * 1024 ** 3],
    ['proxmox-success.eml', Math.round(10.813 * 1024 ** 3), undefined],
  ])('%s reports the size and the bytes transferred it states (issue 19)', async (file, size, transferred) => {
    const [run] = (await parse(file)).runs;
    expect(run?.sizeBytes).toBe(size);
    expect(run?.transferredBytes).toBe(transferred);
  });

  it('leaves mails no parser understands unmatched', async () => {
    expect((await parse('newsletter.eml')).parser).toBeNull();
  });

  it('explains a truncated Veeam report instead of guessing', async () => {
    const mail = await readReportMail(fixture('veeam-truncated.eml'));
    const parser = REPORT_PARSERS.find((p) => parserMatches(p, mail));
    expect(parser?.id).toBe('veeam-backup-replication');
    expect(() => parser?.parse(mail)).toThrow(ReportParseError);
    expect(() => parser?.parse(mail)).toThrow(/summary table is missing or truncated/);
  });

  it('keeps the job description and the processed count out of the job name and the status (issue 11)', async () => {
    const { runs } = await parse('veeam-backup-warning.eml');
    expect(runs[0]?.job.name).toBe('Daily Servers');
    expect(runs[0]?.objects[1]?.messages).toEqual(['Changed block tracking is disabled for this VM; all disks were read in full']);
    expect(JSON.stringify(runs)).not.toContain('Created by');
    expect(JSON.stringify(runs)).not.toContain('VMs processed');
  });

  it('refuses a file that is not an e-mail', async () => {
    await expect(readReportMail(Buffer.from('%PDF-1.7 not a mail'))).rejects.toThrow(/not an e-mail/);
  });
});

describe('the Veeam Enterprise Manager daily summary (issue 11)', () => {
  it('gives one run per job, without the backup server in the name, timed by the rows', async () => {
    const { parser, runs } = await parse('veeam-em-summary.eml');
    expect(parser).toBe('veeam-backup-replication');
    expect(runs.map((r) => [r.job.name, r.job.type, r.status, r.startedAt, r.endedAt, r.objects.length])).toEqual([
      ['Daily Servers', 'Backup', 'error', '2026-11-30T21:00:21.000Z', '2026-11-30T21:18:40.000Z', 2],
      ['Offsite Copy', 'Backup Copy', 'success', '2026-12-01T06:00:12.000Z', '2026-12-01T06:52:21.000Z', 2],
      ['DR Replica', 'Replication', 'success', '2026-11-30T22:00:14.000Z', '2026-11-30T22:04:51.000Z', 1],
    ]);
  });
});

describe('the Veeam agent policy daily report (issue 11, report-mail-formats §1.7)', () => {
  it('gives one run of the policy per host session, timed by its own row, past midnight included', async () => {
    const { parser, runs } = await parse('veeam-policy-daily.eml');
    expect(parser).toBe('veeam-backup-replication');
    expect(runs.map((r) => [r.job.name, r.job.type, r.status, r.startedAt, r.endedAt, r.objects.map((o) => o.name)])).toEqual([
      [
        'Workstations Daily',
        'Agent Backup policy',
        'success',
        '2026-12-02T04:00:02.000Z',
        '2026-12-02T04:21:40.000Z',
        ['WS-ACCOUNTS01.fabrikam.local'],
      ],
      [
        'Workstations Daily',
        'Agent Backup policy',
        'warning',
        '2026-12-02T04:00:03.000Z',
        '2026-12-02T05:14:51.000Z',
        ['WS-DESIGN02.fabrikam.local'],
      ],
      [
        'Workstations Daily',
        'Agent Backup policy',
        'error',
        '2026-12-02T04:00:05.000Z',
        '2026-12-02T04:02:17.000Z',
        ['WS-CEO.fabrikam.local'],
      ],
    ]);
    expect(runs[2]?.objects[0]?.messages).toEqual([
      '12/1/2026 11:02:16 PM :: Error: Failed to create volume snapshot. VSS_E_INSUFFICIENT_STORAGE',
    ]);
    expect(runs[0]?.remark).toBe('Host WS-RECEPTION has not connected to the backup server for 3 days.');
  });

  it('reads day-first dates of a German backup server', async () => {
    const { runs } = await parse('veeam-policy-de.eml');
    expect(runs.map((r) => [r.job.name, r.status, r.startedAt, r.endedAt])).toEqual([
      ['Server-Agenten Linux', 'success', '2026-11-30T00:00:04.000Z', '2026-11-30T00:07:31.000Z'],
      ['Server-Agenten Linux', 'success', '2026-11-30T00:30:02.000Z', '2026-11-30T00:41:55.000Z'],
    ]);
  });
});

describe('digests and unfinished sessions are not runs (issue 11 item 3)', () => {
  it.each([
    ['acronis-cloud-daily-recap.eml', 'acronis-cyber-protect-cloud', /daily recap/],
    ['acronis-whitelabel-statusbericht.eml', 'acronis-white-label', /Statusbericht/],
    ['cove-rule-in-process.eml', 'n-able-cove', /still running/],
  ])('%s is understood as no run, with the reason', async (file, parserId, reason) => {
    const mail = await readReportMail(fixture(file));
    const parser = REPORT_PARSERS.find((p) => parserMatches(p, mail));
    expect(parser?.id).toBe(parserId);
    expect(() => parser?.parse(mail)).toThrow(reason);
  });
});

describe('the generic parser (issue 11 item 3)', () => {
  const generic = REPORT_PARSERS.find((p) => p.id === 'generic-subject-keywords');
  const mail = (subject: string) => ({
    from: 'noreply@vendor.example',
    reportedBy: 'noreply@vendor.example',
    subject,
    text: '',
    html: null,
    dateHeader: 'Mon, 30 Nov 2026 09:00:00 +0100',
    date: new Date('2026-11-30T08:00:00Z'),
    messageId: null,
  });

  it.each(['Order completed: Cloud Backup licence renewal', 'Your Backup subscription expires in 7 days', 'Backup completed'])(
    'never turns "%s" into a run',
    (subject) => {
      expect(() => generic?.parse(mail(subject))).toThrow(ReportParseError);
    },
  );

  it('reads a subject that says how a backup went', () => {
    expect(generic?.parse(mail('Backup FAILED - NAS sync'))[0]).toMatchObject({ status: 'error', job: { name: 'NAS sync' } });
  });
});
