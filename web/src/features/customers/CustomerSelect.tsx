// Picks one of the account's customers (the Inbox's approve and reference-mapping rows); `extra`
// adds options after the list, such as "+ New customer…".
import type { ReactNode } from 'react';
import { useCustomers } from './useCustomers';

export const CustomerSelect = ({
  label,
  value,
  onChange,
  extra,
}: {
  label: string;
  value: string;
  onChange: (customerId: string) => void;
  extra?: ReactNode;
}) => {
  const customers = useCustomers({ search: '', mapping: 'all' });
  return (
    <select className="input" aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">Pick the customer…</option>
      {customers.data?.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
      {extra}
    </select>
  );
};
