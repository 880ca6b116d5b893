import { AirplaneTilt } from '@phosphor-icons/react';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, api } from '@/app/api';
import type { Session } from '@/app/api-types';
import { useSetSession } from '@/app/useSession';

export const LoginPage = () => {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const setSession = useSetSession();
  const navigate = useNavigate();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setSession(await api<Session>('POST', '/api/v1/auth/login', { email, password }));
      void navigate('/');
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Could not reach Flightdeck. Is the server running?');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <form className="card login-card" onSubmit={submit} aria-label="Sign in">
        <div className="brand">
          <AirplaneTilt size={32} weight="duotone" />
          <h1>Flightdeck</h1>
        </div>
        <p className="muted" style={{ margin: 0 }}>
          Sign in to your MSP's cockpit.
        </p>
        {error && (
          <div className="alert alert-error" role="alert">
            {error}
          </div>
        )}
        <div className="field">
          <label htmlFor="email">E-mail</label>
          <input
            id="email"
            className="input"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            id="password"
            className="input"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <button className="btn btn-primary" type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
};
