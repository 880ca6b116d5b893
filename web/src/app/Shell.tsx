import {
  AirplaneTilt,
  Buildings,
  House,
  ListChecks,
  NavigationArrow,
  PlugsConnected,
  SignOut,
  Tray,
  UsersThree,
} from '@phosphor-icons/react';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { api } from './api';
import type { Session } from './types';
import { useSetSession } from './useSession';

const initials = (name: string) =>
  name
    .split(/\s+/)
    .map((p) => p[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();

// The rail lists only sections that exist; later features add theirs here.
export const Shell = ({ session }: { session: Session }) => {
  const setSession = useSetSession();
  const navigate = useNavigate();
  const signOut = async () => {
    await api('POST', '/api/v1/auth/logout');
    setSession(null);
    void navigate('/login');
  };
  const link = ({ isActive }: { isActive: boolean }) => `rail-link${isActive ? ' active' : ''}`;
  return (
    <div className="shell">
      <nav className="rail" aria-label="Sections">
        <div className="rail-logo" title="Flightdeck">
          <AirplaneTilt size={28} weight="duotone" />
        </div>
        <NavLink to="/" end className={link} title="Home" aria-label="Home">
          <House size={22} weight="duotone" />
        </NavLink>
        <NavLink to="/pilot" className={link} title="FlowPilot" aria-label="FlowPilot">
          <NavigationArrow size={22} weight="duotone" />
        </NavLink>
        <NavLink to="/run-checks" className={link} title="Run Checks" aria-label="Run Checks">
          <ListChecks size={22} weight="duotone" />
        </NavLink>
        <NavLink to="/inbox" className={link} title="Inbox" aria-label="Inbox">
          <Tray size={22} weight="duotone" />
        </NavLink>
        <NavLink to="/customers" className={link} title="Customers" aria-label="Customers">
          <Buildings size={22} weight="duotone" />
        </NavLink>
        {session.user.role === 'admin' && (
          <>
            <NavLink to="/settings/integrations" className={link} title="Extensions & Integrations" aria-label="Extensions & Integrations">
              <PlugsConnected size={22} weight="duotone" />
            </NavLink>
            <NavLink to="/settings/users" className={link} title="Users" aria-label="Users">
              <UsersThree size={22} weight="duotone" />
            </NavLink>
          </>
        )}
        <div className="rail-spacer" />
        <button
          type="button"
          className="rail-link"
          style={{ background: 'none', border: 0 }}
          onClick={signOut}
          title="Sign out"
          aria-label="Sign out"
        >
          <SignOut size={20} weight="duotone" />
        </button>
        <div className="avatar" title={`${session.user.displayName} (${session.user.role})`} data-testid="avatar">
          {initials(session.user.displayName)}
        </div>
      </nav>
      <main className="content">
        <Outlet />
      </main>
    </div>
  );
};
