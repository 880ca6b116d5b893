import { LockSimple } from '@phosphor-icons/react';
import type { ReactNode } from 'react';
import type { Session, UserRole } from './api-types';

/** Hides a page from other roles. The server enforces the same rule; this only explains it. */
export const RequireRole = ({ session, allowed, children }: { session: Session; allowed: UserRole; children: ReactNode }) =>
  session.user.role === allowed ? (
    children
  ) : (
    <div className="card stack" data-testid="not-allowed" style={{ maxWidth: 520 }}>
      <LockSimple size={28} weight="duotone" color="var(--warning)" />
      <h2>This page is for {allowed}s</h2>
      <p className="muted">
        You are signed in as a {session.user.role}. Ask an admin of {session.account.name} if you need access.
      </p>
    </div>
  );
