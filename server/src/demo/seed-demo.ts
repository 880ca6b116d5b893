// The demo account `npm start` creates once: an admin, an operator and a reporter with passwords
// generated on first start. The passwords are returned for printing and never stored in clear.

import type { UserRole } from '#src/lib/context';
import { generatePassword } from '#src/lib/tokens';
import type { Services } from '#src/services';

export const DEMO_ACCOUNT = { name: 'Demo MSP', slug: 'demo' } as const;
export const DEMO_USERS: { email: string; displayName: string; role: UserRole }[] = [
  { email: 'admin@demo.flightdeck.local', displayName: 'Ada Admin', role: 'admin' },
  { email: 'operator@demo.flightdeck.local', displayName: 'Oscar Operator', role: 'operator' },
  { email: 'reporter@demo.flightdeck.local', displayName: 'Rita Reporter', role: 'reporter' },
];

export type DemoSeedResult =
  | { created: true; accountId: string; logins: { email: string; role: UserRole; password: string }[] }
  | { created: false; accountId: string; logins: { email: string; role: UserRole }[] };

export const seedDemoAccount = async (services: Services): Promise<DemoSeedResult> => {
  const existing = await services.accounts.findAccountBySlug(DEMO_ACCOUNT.slug);
  if (existing) {
    return { created: false, accountId: existing.id, logins: DEMO_USERS.map(({ email, role }) => ({ email, role })) };
  }
  const users = DEMO_USERS.map((u) => ({ ...u, password: generatePassword() }));
  const { account } = await services.accounts.createAccount({ ...DEMO_ACCOUNT, users });
  return { created: true, accountId: account.id, logins: users.map(({ email, role, password }) => ({ email, role, password })) };
};
