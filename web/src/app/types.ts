// Shapes of the API responses the web app reads (mirrors server/src/features/*/*.schemas.ts).
export type UserRole = 'admin' | 'operator' | 'reporter';
export type User = {
  id: string;
  email: string;
  displayName: string;
  role: UserRole;
  active: boolean;
  lastLoginAt: string | null;
  createdAt: string;
};
export type Session = { user: User; account: { id: string; name: string; slug: string }; csrfToken: string };
