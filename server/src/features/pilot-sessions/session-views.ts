// Rows → API views for sessions, facts and fixes.
import { PSA_LABELS, type PsaKind } from '#src/psa/psa-provider';
import type { TicketUrlOf } from '#src/psa/ticket-urls';
import type { SessionRow } from './pilot-sessions.repository';
import type { FactView, FixView, SessionView } from './pilot-sessions.schemas';
import type { FactRow, FixRow } from './session-facts.repository';
import type { TaskLane } from './task-lane';

const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : null);

export const ticketLabel = (kind: string | null, number: string) =>
  kind === 'connectwise'
    ? `CW #${number}`
    : kind === 'autotask'
      ? `AT ${number}`
      : kind
        ? `${PSA_LABELS[kind as PsaKind] ?? kind} ${number}`
        : number;

export const toSessionView = (row: SessionRow, lane: TaskLane, fix: FixRow | null, ticketUrl: TicketUrlOf): SessionView => ({
  id: row.id,
  title: row.title,
  customerId: row.customer_id,
  customerName: row.customer_name,
  contact: row.contact,
  priority: row.priority as SessionView['priority'],
  state: row.state as SessionView['state'],
  stateVersion: row.state_version,
  ticket:
    row.link_id && row.ticket_number
      ? {
          psaKind: row.psa_kind as 'autotask' | 'connectwise' | null,
          ticketId: row.ticket_id,
          ticketNumber: row.ticket_number,
          ticketUrl: ticketUrl(row.psa_kind, row.ticket_id),
          label: ticketLabel(row.psa_kind, row.ticket_number),
          lastStatusName: row.last_status_name,
        }
      : null,
  taskLane: lane,
  activeFix: fix ? toFixView(fix) : null,
  resolutionNotePostedAt: iso(row.resolution_note_posted_at),
  escalationPackagePostedAt: iso(row.escalation_package_posted_at),
  createdAt: row.created_at.toISOString(),
  lastActivityAt: row.last_activity_at.toISOString(),
});

export const toFactView = (row: FactRow): FactView => ({
  id: row.id,
  text: row.text,
  sourceType: row.source_type as FactView['sourceType'],
  sourceRef: row.source_ref,
  sourceSummary: row.source_summary,
  editable: row.source_type === 'user_note' || row.source_type === 'ai_synthesis',
  createdByName: row.created_by_name,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export const toFixView = (row: FixRow): FixView => ({
  id: row.id,
  title: row.title,
  description: row.description,
  confidencePct: row.confidence_pct,
  templateSlug: row.template_slug,
  draftedScript: row.ai_drafted_script,
  draftedParameters: (row.ai_drafted_parameters as Record<string, unknown> | null) ?? null,
  userDecision: row.user_decision as FixView['userDecision'],
  appliedAt: row.applied_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
});
