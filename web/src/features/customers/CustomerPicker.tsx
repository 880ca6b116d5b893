// Picks one of the account's customers by searching the server as the technician types — at most
// PICKER_MATCHES a request — so no page load grows with the number of customers (issue 14).
// `emptyLabel` offers "no customer" (All customers, None); `extra` a last choice such as
// "+ New customer…", whose value is handed to onChange like a customer's id.
import { useQuery } from '@tanstack/react-query';
import { type KeyboardEvent, useId, useState } from 'react';
import { api } from '@/app/api';
import type { ApiResponse } from '@/app/api-types';
import { useSettled } from '@/app/useSettled';
import { useCustomer } from './useCustomers';

const PICKER_MATCHES = 20;
const DEBOUNCE_MS = 200;

type Choice = { value: string; label: string };

export const CustomerPicker = ({
  id,
  label,
  value,
  onChange,
  emptyLabel,
  extra,
}: {
  id?: string;
  label: string;
  value: string;
  onChange: (customerId: string) => void;
  emptyLabel?: string;
  extra?: Choice;
}) => {
  const listId = useId();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const query = useSettled(text.trim(), DEBOUNCE_MS);
  const matches = useQuery({
    queryKey: ['customers', 'picker', query],
    enabled: editing,
    queryFn: async () => {
      const params = new URLSearchParams({ limit: String(PICKER_MATCHES), ...(query && { search: query }) });
      return (await api<ApiResponse<'/api/v1/customers', 'get'>>('GET', `/api/v1/customers?${params}`)).customers;
    },
  });
  // The chosen customer's name (the matches may not hold it).
  const chosen = useCustomer(value === extra?.value ? '' : value);
  const choices: Choice[] = [
    ...(emptyLabel ? [{ value: '', label: emptyLabel }] : []),
    ...(matches.data ?? []).map((c) => ({ value: c.id, label: c.name })),
    ...(extra ? [extra] : []),
  ];
  const shown = value === '' ? '' : value === extra?.value ? extra.label : (chosen.data?.name ?? '');

  const pick = (choice: Choice) => {
    onChange(choice.value);
    setEditing(false);
    setText('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setEditing(true);
      setActive((i) => Math.max(0, Math.min(choices.length - 1, i + (event.key === 'ArrowDown' ? 1 : -1))));
    } else if (event.key === 'Enter' && editing && choices[active]) {
      event.preventDefault();
      pick(choices[active] as Choice);
    } else if (event.key === 'Escape') {
      setEditing(false);
      setText('');
    }
  };

  return (
    <div className="customer-picker">
      <input
        id={id}
        className="input"
        role="combobox"
        aria-label={label}
        aria-expanded={editing}
        aria-controls={listId}
        aria-autocomplete="list"
        autoComplete="off"
        placeholder={editing ? 'Type to search customers' : (emptyLabel ?? 'Pick the customer…')}
        value={editing ? text : shown}
        onFocus={() => {
          setEditing(true);
          setActive(0);
        }}
        onBlur={() => {
          setEditing(false);
          setText('');
        }}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      {editing && (
        <div className="customer-picker-list" id={listId} role="listbox" aria-label={`${label}: matches`}>
          {choices.map((choice, index) => (
            <div
              key={choice.value || 'none'}
              role="option"
              tabIndex={-1}
              aria-selected={choice.value === value}
              className={index === active ? 'active' : undefined}
              // Before the input's blur closes the list.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(choice);
              }}
            >
              {choice.label}
            </div>
          ))}
          {matches.isFetching && !matches.data && <div className="muted">Searching…</div>}
          {matches.data?.length === 0 && <div className="muted">No customer matches “{query}”</div>}
          {matches.data?.length === PICKER_MATCHES && <div className="muted">Type more to narrow the list</div>}
        </div>
      )}
    </div>
  );
};
