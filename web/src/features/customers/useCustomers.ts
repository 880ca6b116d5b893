import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/app/api';
import type { Customer, PsaCompany, PsaKind, SyncSummary } from '@/app/api-types';

const KEY = ['customers'] as const;
export type CustomerFilter = { search: string; mapping: string };

const CUSTOMERS_PAGE = 50;

/** Issue 14: the customer list a page at a time (name order), "Show more" fetching the next. */
export const useCustomers = (filter: CustomerFilter) =>
  useInfiniteQuery({
    queryKey: [...KEY, filter],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const query = new URLSearchParams({
        mapping: filter.mapping,
        limit: String(CUSTOMERS_PAGE),
        ...(filter.search.trim() && { search: filter.search.trim() }),
        ...(pageParam && { cursor: pageParam }),
      });
      return api<{ customers: Customer[]; nextCursor: string | null }>('GET', `/api/v1/customers?${query}`);
    },
    getNextPageParam: (last) => last.nextCursor,
    select: (data) => ({ customers: data.pages.flatMap((p) => p.customers), more: data.pages.at(-1)?.nextCursor !== null }),
  });

/** One customer by id (none asked for with an empty id). */
export const useCustomer = (id: string) =>
  useQuery({ queryKey: [...KEY, 'one', id], enabled: id !== '', queryFn: () => api<Customer>('GET', `/api/v1/customers/${id}`) });

const useCustomerMutation = <I, O>(run: (input: I) => Promise<O>) => {
  const client = useQueryClient();
  return useMutation({ mutationFn: run, onSuccess: () => client.invalidateQueries({ queryKey: KEY }) });
};

export const useCreateCustomer = () => useCustomerMutation((name: string) => api<Customer>('POST', '/api/v1/customers', { name }));
export const useMapCustomer = () =>
  useCustomerMutation(({ id, kind, companyId }: { id: string; kind: PsaKind; companyId: string }) =>
    api<Customer>('PUT', `/api/v1/customers/${id}/psa-mapping`, { kind, companyId }),
  );
export const useUnmapCustomer = () => useCustomerMutation((id: string) => api<Customer>('DELETE', `/api/v1/customers/${id}/psa-mapping`));
export const useVerifyMapping = () =>
  useCustomerMutation((id: string) => api<Customer>('POST', `/api/v1/customers/${id}/psa-mapping/verify`));
export const useAcknowledgeRename = () =>
  useCustomerMutation((id: string) => api<Customer>('POST', `/api/v1/customers/${id}/psa-mapping/acknowledge-rename`));
export const useSyncAllMappings = () => useCustomerMutation(() => api<SyncSummary>('POST', '/api/v1/customers/psa-sync'));

const PAGE_SIZE = 8;

/** B1.3: live PSA company search, page by page ("More results"). */
export const useCompanySearch = (kind: PsaKind | null, query: string) =>
  useInfiniteQuery({
    queryKey: ['psa-companies', kind, query],
    enabled: kind !== null,
    initialPageParam: 1,
    queryFn: ({ pageParam }) =>
      api<{ items: PsaCompany[]; page: number; hasMore: boolean }>(
        'GET',
        `/api/v1/integrations/${kind}/companies?${new URLSearchParams({ query, page: String(pageParam), pageSize: String(PAGE_SIZE) })}`,
      ),
    getNextPageParam: (last) => (last.hasMore ? last.page + 1 : undefined),
  });
