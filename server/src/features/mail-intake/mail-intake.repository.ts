import type { Insertable, Selectable } from 'kysely';
import type { ReportMails } from '#src/db/schema.generated';
import type { Tx } from '#src/db/tenant';

export type ReportMailRow = Omit<Selectable<ReportMails>, 'raw'>;
const COLUMNS = [
  'id',
  'account_id',
  'source',
  'sha256',
  'message_id',
  'sender',
  'subject',
  'sent_at',
  'size_bytes',
  'parse_status',
  'parser_id',
  'parse_error',
  'run_count',
  'received_at',
  'parsed_at',
] as const;

export const createMailIntakeRepository = () => ({
  findMailBySha: (tx: Tx, sha256: string) => tx.selectFrom('report_mails').select(COLUMNS).where('sha256', '=', sha256).executeTakeFirst(),
  findMail: (tx: Tx, id: string) => tx.selectFrom('report_mails').select(COLUMNS).where('id', '=', id).executeTakeFirst(),
  findRaw: (tx: Tx, id: string) => tx.selectFrom('report_mails').select(['raw', 'subject']).where('id', '=', id).executeTakeFirst(),
  insertMail: (tx: Tx, row: Insertable<ReportMails>) =>
    tx.insertInto('report_mails').values(row).returning(COLUMNS).executeTakeFirstOrThrow(),
  updateOutcome: (
    tx: Tx,
    id: string,
    outcome: { parse_status: string; parser_id: string | null; parse_error: string | null; run_count: number; parsed_at: Date },
  ) => tx.updateTable('report_mails').set(outcome).where('id', '=', id).returning(COLUMNS).executeTakeFirstOrThrow(),
  listMails: (tx: Tx, filter: { status?: string; limit: number }) => {
    let query = tx.selectFrom('report_mails').select(COLUMNS).orderBy('received_at', 'desc').limit(filter.limit);
    if (filter.status) {
      query = query.where('parse_status', '=', filter.status);
    }
    return query.execute();
  },
});

export type MailIntakeRepository = ReturnType<typeof createMailIntakeRepository>;
