import { z } from 'zod';
import { isValidTimeZone } from '#src/features/schedules/schedule';
import { Password, UserView } from '../users/users.schemas';

// Login accepts any non-empty password: the length rules apply when a password is set, and
// rejecting early would tell an attacker which guesses are not worth trying.
export const LoginBody = z.strictObject({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(256) });
export const SessionView = z.object({
  user: UserView,
  /** `timezone`: the account's default for dates and for what "today" means on the dashboard. */
  account: z.object({ id: z.uuid(), name: z.string(), slug: z.string(), timezone: z.string() }),
  csrfToken: z.string(),
});
/** An IANA timezone name, checked against what this runtime knows. */
export const TimeZoneName = z.string().trim().min(1).max(64).refine(isValidTimeZone, 'Use an IANA name such as Europe/Amsterdam');
export const SetOwnTimezoneBody = z.strictObject({ timezone: TimeZoneName.nullable() });
export const SetAccountTimezoneBody = z.strictObject({ timezone: TimeZoneName });
export const ChangePasswordBody = z.strictObject({ currentPassword: z.string().min(1).max(256), newPassword: Password });
