// SQL for session attachments, inside withTenant (RLS keeps them to their account).
import type { Insertable } from 'kysely';
import type { SessionAttachments } from '#src/db/schema.generated';
import type { Tx } from '#src/db/tenant';

const META = ['id', 'session_id', 'kind', 'file_name', 'content_type', 'size_bytes', 'created_at'] as const;

export const createAttachmentsRepository = () => ({
  insert: (tx: Tx, attachment: Insertable<SessionAttachments>) =>
    tx.insertInto('session_attachments').values(attachment).returning(META).executeTakeFirstOrThrow(),
  list: (tx: Tx, sessionId: string) =>
    tx.selectFrom('session_attachments').select(META).where('session_id', '=', sessionId).orderBy('created_at').execute(),
  findWithContent: (tx: Tx, sessionId: string, ids: readonly string[]) =>
    ids.length
      ? tx
          .selectFrom('session_attachments')
          .select([...META, 'content'])
          .where('session_id', '=', sessionId)
          .where('id', 'in', [...ids])
          .execute()
      : Promise.resolve([]),
});

export type AttachmentsRepository = ReturnType<typeof createAttachmentsRepository>;
