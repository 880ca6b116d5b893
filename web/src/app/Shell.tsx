import {
  AirplaneTilt,
  ArrowLineLeft,
  ArrowLineRight,
  Bell,
  Buildings,
  Code,
  Database,
  House,
  type Icon,
  Key,
  ListChecks,
  NavigationArrow,
  PlugsConnected,
  SignOut,
  Tray,
  UsersThree,
} from '@phosphor-icons/react';
import { useState } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { api } from './api';
import { JumpPalette } from './JumpPalette';
import { PageCommandsProvider } from './page-commands';
import type { Session } from './api-types';
import { useSetSession } from './useSession';

const initials = (name: string) =>
  name
    .split(/\s+/)
    .map((p) => p[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();

/** The rail's sections, in order; later features add theirs here. */
const SECTIONS: { to: string; label: string; Icon: Icon; adminOnly?: boolean }[] = [
  { to: '/', label: 'Home', Icon: House },
  { to: '/pilot', label: 'FlowPilot', Icon: NavigationArrow },
  { to: '/scripts', label: 'Scripts', Icon: Code },
  { to: '/run-checks', label: 'Run Checks', Icon: ListChecks },
  { to: '/inbox', label: 'Inbox', Icon: Tray },
  { to: '/customers', label: 'Customers', Icon: Buildings },
  { to: '/settings/integrations', label: 'Extensions & Integrations', Icon: PlugsConnected, adminOnly: true },
  { to: '/settings/notifications', label: 'Notifications', Icon: Bell, adminOnly: true },
  { to: '/settings/users', label: 'Users', Icon: UsersThree, adminOnly: true },
  { to: '/settings/api-keys', label: 'API keys', Icon: Key, adminOnly: true },
  { to: '/settings/backups', label: 'Backups', Icon: Database, adminOnly: true },
];

export const Shell = ({ session }: { session: Session }) => {
  const setSession = useSetSession();
  const navigate = useNavigate();
  const signOut = async () => {
    await api('POST', '/api/v1/auth/logout');
    setSession(null);
    void navigate('/login');
  };
  const link = ({ isActive }: { isActive: boolean }) => `rail-link${isActive ? ' active' : ''}`;
  // Issue 19: icons with tooltips by default; labels beside them for whoever prefers it (remembered).
  const [expanded, setExpanded] = useState(() => localStorage.getItem('flightdeck.rail') === 'expanded');
  const toggle = () => {
    localStorage.setItem('flightdeck.rail', expanded ? 'icons' : 'expanded');
    setExpanded(!expanded);
  };
  return (
    <PageCommandsProvider>
      <div className={`shell${expanded ? ' rail-expanded' : ''}`}>
        <nav className={`rail${expanded ? ' expanded' : ''}`} aria-label="Sections">
          <div className="rail-logo" title="Flightdeck">
            <AirplaneTilt size={28} weight="duotone" />
          </div>
          {SECTIONS.filter((section) => !section.adminOnly || session.user.role === 'admin').map(({ to, label, Icon }) => (
            <NavLink key={to} to={to} end={to === '/'} className={link} title={label} aria-label={label}>
              <Icon size={22} weight="duotone" />
              {expanded && <span className="rail-label">{label}</span>}
            </NavLink>
          ))}
          <div className="rail-spacer" />
          <button
            type="button"
            className="rail-link"
            style={{ background: 'none', border: 0 }}
            onClick={toggle}
            title={expanded ? 'Hide labels' : 'Show labels'}
            aria-label={expanded ? 'Hide labels' : 'Show labels'}
            aria-pressed={expanded}
          >
            {expanded ? <ArrowLineLeft size={20} /> : <ArrowLineRight size={20} />}
            {expanded && <span className="rail-label">Hide labels</span>}
          </button>
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
          <NavLink
            to="/settings/preferences"
            className="avatar"
            title={`${session.user.displayName} (${session.user.role}) · Preferences`}
            aria-label="Your preferences"
            data-testid="avatar"
          >
            {initials(session.user.displayName)}
          </NavLink>
        </nav>
        <main className="content">
          <Outlet />
        </main>
        <JumpPalette />
      </div>
    </PageCommandsProvider>
  );
};
