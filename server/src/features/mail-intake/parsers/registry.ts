// The ordered list of report parsers: specific products first, the generic subject parser last.
// See docs/adding-a-report-parser.md.
import { genericParser } from './generic.parser';
import { nakivoParser } from './nakivo.parser';
import { proxmoxParser } from './proxmox.parser';
import type { ReportParser } from './report-parser';
import { synologyActiveBackupParser, synologyHyperBackupParser } from './synology.parser';
import { veeamParser } from './veeam.parser';

export const REPORT_PARSERS: readonly ReportParser[] = [
  veeamParser,
  proxmoxParser,
  synologyActiveBackupParser,
  synologyHyperBackupParser,
  nakivoParser,
  genericParser,
];
