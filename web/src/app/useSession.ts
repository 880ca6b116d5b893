import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from './api';
import { setDisplayTimeZone } from './format';
import type { Session } from './api-types';

export const SESSION_KEY = ['session'] as const;

/** Issue 19: dates show in the user's timezone, else the account's. */
const showDatesFor = (session: Session | null) =>
  setDisplayTimeZone(session ? (session.user.timezone ?? session.account.timezone) : undefined);

/** The signed-in session, or null. Uses /auth/session, which answers 200 even when signed out. */
export const useSession = () =>
  useQuery({
    queryKey: SESSION_KEY,
    queryFn: async () => {
      const { session } = await api<{ session: Session | null }>('GET', '/api/v1/auth/session');
      setCsrfToken(session?.csrfToken ?? null);
      showDatesFor(session);
      return session;
    },
    staleTime: 60_000,
    retry: false,
  });

export const useSetSession = () => {
  const client = useQueryClient();
  return (session: Session | null) => {
    setCsrfToken(session?.csrfToken ?? null);
    showDatesFor(session);
    client.setQueryData(SESSION_KEY, session);
    if (!session) {
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
    }
  };
};
