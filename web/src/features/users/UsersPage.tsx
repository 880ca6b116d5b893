import { useState } from 'react';
import type { Session } from '@/app/api-types';
import { CreateUserForm } from './CreateUserForm';
import { UserRow } from './UserRow';
import { useUsers } from './useUsers';

export const UsersPage = ({ session }: { session: Session }) => {
  const users = useUsers();
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);

  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>Users</h1>
          <p className="muted" style={{ margin: '4px 0 0' }}>
            Admins manage settings and users; operators work runs, tickets and FlowPilot; reporters read.
          </p>
        </div>
      </div>
      {notice && (
        <div className={`alert alert-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
          {notice.text}
        </div>
      )}
      <CreateUserForm onCreated={(email) => setNotice({ kind: 'success', text: `${email} can now sign in.` })} />
      <div className="card">
        {users.isPending && <p className="muted">Loading users…</p>}
        {users.error && <div className="alert alert-error">{users.error.message}</div>}
        {users.data && (
          <table className="table">
            <thead>
              <tr>
                <th>User</th>
                <th>Role</th>
                <th>Status</th>
                <th>Last sign-in</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => (
                <UserRow
                  key={user.id}
                  user={user}
                  isSelf={user.id === session.user.id}
                  onError={(text) => setNotice({ kind: 'error', text })}
                />
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
};
