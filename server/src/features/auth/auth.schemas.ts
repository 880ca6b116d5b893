import { z } from 'zod';
import { Password, UserView } from '../users/users.schemas';

// Login accepts any non-empty password: the length rules apply when a password is set, and
// rejecting early would tell an attacker which guesses are not worth trying.
export const LoginBody = z.strictObject({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(256) });
export const SessionView = z.object({
  user: UserView,
  account: z.object({ id: z.uuid(), name: z.string(), slug: z.string() }),
  csrfToken: z.string(),
});
export const ChangePasswordBody = z.strictObject({ currentPassword: z.string().min(1).max(256), newPassword: Password });
