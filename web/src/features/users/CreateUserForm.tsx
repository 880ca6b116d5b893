import { UserPlus } from '@phosphor-icons/react';
import { type FormEvent, useState } from 'react';
import { ApiError } from '@/app/api';
import type { UserRole } from '@/app/api-types';
import { useCreateUser } from './useUsers';

const EMPTY = { email: '', displayName: '', role: 'operator' as UserRole, password: '' };

export const CreateUserForm = ({ onCreated }: { onCreated: (email: string) => void }) => {
  const [form, setForm] = useState(EMPTY);
  const create = useCreateUser();
  const error = create.error instanceof ApiError ? create.error : null;
  const set = (key: keyof typeof EMPTY) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(form, {
      onSuccess: (user) => {
        setForm(EMPTY);
        onCreated(user.email);
      },
    });
  };

  return (
    <form className="card stack" onSubmit={submit} aria-label="Add a user">
      <h2>Add a user</h2>
      {error && !error.fieldErrors.length && (
        <div className="alert alert-error" role="alert">
          {error.message}
        </div>
      )}
      <div className="form-grid">
        <div className="field">
          <label htmlFor="new-email">E-mail</label>
          <input id="new-email" className="input" type="email" required value={form.email} onChange={set('email')} />
          {error?.fieldMessage('email') && <span className="field-error">{error.fieldMessage('email')}</span>}
        </div>
        <div className="field">
          <label htmlFor="new-name">Name</label>
          <input id="new-name" className="input" required value={form.displayName} onChange={set('displayName')} />
        </div>
        <div className="field">
          <label htmlFor="new-role">Role</label>
          <select id="new-role" className="input" value={form.role} onChange={set('role')}>
            <option value="operator">Operator</option>
            <option value="reporter">Reporter</option>
            <option value="admin">Admin</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="new-password">Initial password</label>
          <input
            id="new-password"
            className="input"
            type="password"
            minLength={12}
            required
            value={form.password}
            onChange={set('password')}
          />
          {error?.fieldMessage('password') && <span className="field-error">{error.fieldMessage('password')}</span>}
        </div>
        <button className="btn btn-primary" type="submit" disabled={create.isPending}>
          <UserPlus size={16} weight="duotone" /> {create.isPending ? 'Adding…' : 'Add user'}
        </button>
      </div>
    </form>
  );
};
