// SQL for the jump palette: a few matches of each kind, names containing what was typed (ticket
// numbers by prefix, as technicians type them from the start), best matches first.
import { sql } from 'kysely';
import type { Tx } from '#src/db/tenant';
import { containsPattern, prefixPattern } from '#src/lib/like-pattern';

const startsFirst = (column: string, text: string) => sql`(${sql.ref(column)} ilike ${prefixPattern(text)}) desc`;

export const createQuickJumpRepository = (limit: number) => ({
  customers: (tx: Tx, text: string) =>
    tx
      .selectFrom('customers')
      .select(['id', 'name', 'psa_company_name'])
      .where('name', 'ilike', containsPattern(text))
      .where('active', '=', true)
      .orderBy(startsFirst('name', text))
      .orderBy('name')
      .limit(limit)
      .execute(),

  jobs: (tx: Tx, text: string) =>
    tx
      .selectFrom('backup_jobs as j')
      .innerJoin('customers as c', 'c.id', 'j.customer_id')
      .select(['j.id', 'j.name', 'j.host', 'j.customer_id', 'c.name as customer_name'])
      .where('j.state', '=', 'active')
      .where((eb) => eb.or([eb('j.name', 'ilike', containsPattern(text)), eb('j.host', 'ilike', prefixPattern(text))]))
      .orderBy(startsFirst('j.name', text))
      .orderBy('j.name')
      .limit(limit)
      .execute(),

  /** A run is found by its id, pasted from a log or a ticket. */
  runById: (tx: Tx, id: string) =>
    tx
      .selectFrom('backup_runs as r')
      .innerJoin('backup_jobs as j', 'j.id', 'r.job_id')
      .select(['r.id', 'r.job_id', 'r.status', 'r.run_at', 'j.name as job_name', 'j.customer_id'])
      .where('r.id', '=', id)
      .execute(),

  tickets: (tx: Tx, text: string) =>
    tx
      .selectFrom('ticket_links as l')
      .leftJoin('backup_runs as r', 'r.id', 'l.backup_run_id')
      .leftJoin('backup_jobs as j', 'j.id', 'r.job_id')
      .leftJoin('ai_sessions as s', 's.id', 'l.ai_session_id')
      .select([
        'l.ticket_number',
        'l.state',
        'l.backup_run_id',
        'l.ai_session_id',
        'r.job_id',
        'j.name as job_name',
        'j.customer_id',
        's.title as session_title',
      ])
      .where('l.ticket_number', 'ilike', prefixPattern(text))
      .orderBy('l.created_at', 'desc')
      .limit(limit)
      .execute(),

  sessions: (tx: Tx, text: string) =>
    tx
      .selectFrom('ai_sessions')
      .select(['id', 'title', 'state', 'customer_id'])
      .where('title', 'ilike', containsPattern(text))
      .orderBy('updated_at', 'desc')
      .limit(limit)
      .execute(),
});

export type QuickJumpRepository = ReturnType<typeof createQuickJumpRepository>;
