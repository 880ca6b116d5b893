import { z } from 'zod';
import { USER_ROLES } from '#src/lib/context';
import { PASSWORD_RULES } from '#src/lib/passwords';

export const UserRole = z.enum(USER_ROLES);
export const Email = z.string().trim().toLowerCase().email().max(320);
export const Password = z.string().min(PASSWORD_RULES.min, `At least ${PASSWORD_RULES.min} characters`).max(PASSWORD_RULES.max);
export const DisplayName = z.string().trim().min(1).max(200);

export const UserView = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: UserRole,
  active: z.boolean(),
  lastLoginAt: z.iso.datetime().nullable(),
  /** Where this user reads dates; null: the account's timezone. */
  timezone: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type UserView = z.infer<typeof UserView>;

export const UserParams = z.strictObject({ userId: z.uuid() });
export const CreateUserBody = z.strictObject({ email: Email, displayName: DisplayName, role: UserRole, password: Password });
export const UpdateUserBody = z
  .strictObject({ displayName: DisplayName.optional(), role: UserRole.optional(), active: z.boolean().optional() })
  .refine((b) => Object.keys(b).length > 0, 'Change at least one field');
export const UserList = z.object({ users: z.array(UserView) });
export const TemporaryPasswordView = z.object({ temporaryPassword: z.string() });
