// The ordered list of report parsers: specific products first, the generic subject parser last.
// See docs/adding-a-report-parser.md.
import { acronisCloudParser, acronisLegacyParser, acronisWhiteLabelParser } from './acronis.parser';
import { coveParser } from './cove.parser';
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
  acronisCloudParser,
  acronisWhiteLabelParser,
  nakivoParser,
  coveParser,
  // Matches on "has succeeded|failed" alone, so after every product that names itself.
  acronisLegacyParser,
  genericParser,
];
