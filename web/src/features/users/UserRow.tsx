import { useState } from 'react';
import { formatDateTime } from '@/app/format';
import type { User, UserRole } from '@/app/api-types';
import { useResetPassword, useUpdateUser } from './useUsers';

export const UserRow = ({ user, isSelf, onError }: { user: User; isSelf: boolean; onError: (message: string) => void }) => {
  const update = useUpdateUser();
  const reset = useResetPassword();
  const [temporary, setTemporary] = useState<string | null>(null);
  const fail = (e: Error) => onError(e.message);

  return (
    <tr data-testid={`user-${user.email}`}>
      <td>
        <div>{user.displayName}</div>
        <div className="faint">{user.email}</div>
      </td>
      <td>
        <select
          className="input"
          aria-label={`Role of ${user.email}`}
          value={user.role}
          disabled={update.isPending}
          onChange={(e) => update.mutate({ id: user.id, role: e.target.value as UserRole }, { onError: fail })}
        >
          <option value="admin">Admin</option>
          <option value="operator">Operator</option>
          <option value="reporter">Reporter</option>
        </select>
      </td>
      <td>
        <span className="dot" style={{ background: user.active ? 'var(--success)' : 'var(--text-3)' }} />
        {user.active ? 'Active' : 'Deactivated'}
      </td>
      <td className="muted">{user.lastLoginAt ? formatDateTime(user.lastLoginAt) : 'Never'}</td>
      <td>
        <div className="row">
          {!isSelf && (
            <button
              type="button"
              className={`btn btn-small${user.active ? ' btn-danger' : ''}`}
              onClick={() => update.mutate({ id: user.id, active: !user.active }, { onError: fail })}
            >
              {user.active ? 'Deactivate' : 'Reactivate'}
            </button>
          )}
          <button
            type="button"
            className="btn btn-small"
            onClick={() => reset.mutate(user.id, { onSuccess: (r) => setTemporary(r.temporaryPassword), onError: fail })}
          >
            Reset password
          </button>
        </div>
        {temporary && (
          <div className="faint" style={{ marginTop: 6 }}>
            Temporary password (shown once): <code data-testid="temporary-password">{temporary}</code>
          </div>
        )}
      </td>
    </tr>
  );
};
