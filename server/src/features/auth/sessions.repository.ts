import type { Tx } from '#src/db/tenant';

export const createSessionsRepository = () => ({
  insertSession: (
    tx: Tx,
    session: {
      account_id: string;
      user_id: string;
      token_hash: string;
      csrf_token: string;
      user_agent: string | null;
      expires_at: Date;
    },
  ) => tx.insertInto('user_sessions').values(session).returning(['id', 'expires_at']).executeTakeFirstOrThrow(),

  /** The session with its user, if the session is unexpired and the user active. */
  findLiveSession: (tx: Tx, tokenHash: string, now: Date) =>
    tx
      .selectFrom('user_sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.id', 's.account_id', 's.user_id', 's.csrf_token', 's.expires_at', 'u.role', 'u.email'])
      .where('s.token_hash', '=', tokenHash)
      .where('s.expires_at', '>', now)
      .where('u.deactivated_at', 'is', null)
      .executeTakeFirst(),

  deleteSession: (tx: Tx, sessionId: string) => tx.deleteFrom('user_sessions').where('id', '=', sessionId).execute(),

  deleteSessionsOfUser: (tx: Tx, userId: string) => tx.deleteFrom('user_sessions').where('user_id', '=', userId).execute(),

  /** Every session of the user but the one making the request (a password change keeps it). */
  deleteOtherSessionsOfUser: (tx: Tx, userId: string, keepSessionId: string | null) => {
    let query = tx.deleteFrom('user_sessions').where('user_id', '=', userId);
    if (keepSessionId) {
      query = query.where('id', '<>', keepSessionId);
    }
    return query.execute();
  },

  deleteExpiredSessions: async (tx: Tx, now: Date) => {
    const result = await tx.deleteFrom('user_sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
});

export type SessionsRepository = ReturnType<typeof createSessionsRepository>;
