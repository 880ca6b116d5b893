import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/app/api';
import type { User, UserRole } from '@/app/api-types';

const USERS_KEY = ['users'] as const;

export const useUsers = () =>
  useQuery({ queryKey: USERS_KEY, queryFn: async () => (await api<{ users: User[] }>('GET', '/api/v1/users')).users });

export type NewUser = { email: string; displayName: string; role: UserRole; password: string };

export const useCreateUser = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewUser) => api<User>('POST', '/api/v1/users', input),
    onSuccess: () => client.invalidateQueries({ queryKey: USERS_KEY }),
  });
};

export const useUpdateUser = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...changes }: { id: string; role?: UserRole; active?: boolean }) =>
      api<User>('PATCH', `/api/v1/users/${id}`, changes),
    onSuccess: () => client.invalidateQueries({ queryKey: USERS_KEY }),
  });
};

export const useResetPassword = () =>
  useMutation({
    mutationFn: (id: string) => api<{ temporaryPassword: string }>('POST', `/api/v1/users/${id}/reset-password`),
  });
