import { backupDatabase } from './backup-database.job';
import { checkAccountMissedRuns, scheduleMissedRunChecks } from './check-missed-runs.job';
import { cleanupExpiredSessions } from './cleanup-expired-sessions.job';
import type { AnyJob } from './job';
import {
  checkAccountAlerts,
  deliverNotification,
  mailMonthlyReport,
  scheduleAlertChecks,
  scheduleDigests,
  scheduleMonthlyReports,
  sendDigest,
} from './notifications.job';
import { pollAccountMailbox, scheduleMailboxPolls } from './poll-mailboxes.job';
import { scheduleAccountPsaMappingSync, syncAccountPsaMappings } from './sync-psa-mappings.job';
import { scheduleTicketLinkValidation, validateAccountTicketLinks } from './validate-ticket-links.job';

/** Every job the server runs. A new job is added here and nowhere else. */
export const ALL_JOBS: readonly AnyJob[] = [
  cleanupExpiredSessions,
  scheduleAccountPsaMappingSync,
  syncAccountPsaMappings,
  scheduleMissedRunChecks,
  checkAccountMissedRuns,
  scheduleMailboxPolls,
  pollAccountMailbox,
  scheduleTicketLinkValidation,
  validateAccountTicketLinks,
  backupDatabase,
  deliverNotification,
  scheduleAlertChecks,
  checkAccountAlerts,
  scheduleDigests,
  sendDigest,
  scheduleMonthlyReports,
  mailMonthlyReport,
];
