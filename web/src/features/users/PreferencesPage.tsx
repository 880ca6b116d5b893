// Issue 19: where dates show. A user picks their own timezone or follows the account's; an admin
// sets the account's, which is also the day the dashboard counts in.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '@/app/api';
import { formatDateTime } from '@/app/format';
import type { Session } from '@/app/api-types';
import { SESSION_KEY } from '@/app/useSession';
import { DigestPanel } from '@/features/notifications/DigestPanel';

const ZONES: string[] = (() => {
  try {
    // Some browsers list UTC only as Etc/UTC; Flightdeck's default is named UTC.
    return [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])];
  } catch {
    return ['UTC'];
  }
})();
const ACCOUNT = '';

const useSaveZone = (url: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (timezone: string | null) => api('PUT', url, { timezone }),
    onSuccess: () => client.invalidateQueries({ queryKey: SESSION_KEY }),
  });
};

const ZoneOptions = () =>
  ZONES.map((zone) => (
    <option key={zone} value={zone}>
      {zone.replaceAll('_', ' ')}
    </option>
  ));

export const PreferencesPage = ({ session }: { session: Session }) => {
  const [own, setOwn] = useState(session.user.timezone ?? ACCOUNT);
  const [account, setAccount] = useState(session.account.timezone);
  const saveOwn = useSaveZone('/api/v1/auth/timezone');
  const saveAccount = useSaveZone('/api/v1/account/timezone');
  const error = saveOwn.error ?? saveAccount.error;
  return (
    <div className="stack" style={{ maxWidth: 640 }}>
      <div className="page-header">
        <div>
          <h1>Preferences</h1>
          <p className="muted" style={{ margin: '4px 0 0' }}>
            {session.user.displayName} · {session.user.email} · {session.user.role}
          </p>
        </div>
      </div>
      {error && (
        <div className="alert alert-error" role="alert">
          {error.message}
        </div>
      )}
      <form
        className="card stack"
        onSubmit={(e) => {
          e.preventDefault();
          saveOwn.mutate(own === ACCOUNT ? null : own);
        }}
      >
        <h2 style={{ margin: 0 }}>Your time zone</h2>
        <p className="muted" style={{ margin: 0 }}>
          Every date in Flightdeck shows in this zone, with its name. Right now: <strong>{formatDateTime(new Date())}</strong>
        </p>
        <div className="row">
          <select className="input" aria-label="Your time zone" value={own} onChange={(e) => setOwn(e.target.value)}>
            <option value={ACCOUNT}>The account's ({session.account.timezone})</option>
            <ZoneOptions />
          </select>
          <button type="submit" className="btn btn-primary" disabled={saveOwn.isPending}>
            Save
          </button>
          {saveOwn.isSuccess && !saveOwn.isPending && <span className="faint">Saved.</span>}
        </div>
      </form>
      <DigestPanel zones={ZONES} />
      {session.user.role === 'admin' && (
        <form
          className="card stack"
          onSubmit={(e) => {
            e.preventDefault();
            saveAccount.mutate(account);
          }}
        >
          <h2 style={{ margin: 0 }}>The account's time zone</h2>
          <p className="muted" style={{ margin: 0 }}>
            For everyone who has not chosen their own, and the day the dashboard counts in ("today", the heat-map's days).
          </p>
          <div className="row">
            <select className="input" aria-label="Account time zone" value={account} onChange={(e) => setAccount(e.target.value)}>
              <ZoneOptions />
            </select>
            <button type="submit" className="btn" disabled={saveAccount.isPending}>
              Save for the account
            </button>
            {saveAccount.isSuccess && !saveAccount.isPending && <span className="faint">Saved.</span>}
          </div>
        </form>
      )}
    </div>
  );
};
