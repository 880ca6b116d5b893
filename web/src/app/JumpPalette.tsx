// Issue 19: ⌘/Ctrl+K everywhere. Type part of a customer, job or session name, a ticket number or a
// run's id and jump there; the page's own commands (page-commands.tsx) come first. Arrow keys
// choose, Enter goes, Esc closes.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from './api';
import { useSettled } from './useSettled';
import type { ApiResponse } from './api-types';
import { type PaletteCommand, useRegisteredCommands } from './page-commands';

type JumpTarget = ApiResponse<'/api/v1/jump', 'get'>['targets'][number];

const KIND_LABEL: Record<JumpTarget['kind'], string> = {
  customer: 'Customer',
  job: 'Job',
  run: 'Run',
  ticket: 'Ticket',
  session: 'Session',
};

const pathOf = (t: JumpTarget): string | null => {
  if (t.runId && t.jobId) {
    return `/jobs/${t.jobId}/runs/${t.runId}`;
  }
  if (t.sessionId) {
    return `/pilot/${t.sessionId}`;
  }
  if (t.kind === 'job' && t.jobId) {
    return `/jobs/${t.jobId}`;
  }
  return t.customerId ? `/customers/${t.customerId}/jobs` : null;
};

export const JumpPalette = () => {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const navigate = useNavigate();
  const pageCommands = useRegisteredCommands();
  const settled = useSettled(query.trim(), 150);
  const targets = useQuery({
    queryKey: ['jump', settled],
    queryFn: async () => (await api<{ targets: JumpTarget[] }>('GET', `/api/v1/jump?q=${encodeURIComponent(settled)}`)).targets,
    enabled: open && settled.length > 0,
    staleTime: 10_000,
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setQuery('');
        setActive(0);
        setOpen((o) => !o);
      } else if (e.key === 'Escape') {
        setOpen(false);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (!open) {
    return null;
  }
  const commands: PaletteCommand[] = pageCommands.filter((c) => c.label.toLowerCase().includes(query.trim().toLowerCase()));
  const jumps = (settled && settled === query.trim() ? (targets.data ?? []) : []).flatMap((t) => {
    const path = pathOf(t);
    return path ? [{ id: `${t.kind}-${t.runId ?? t.sessionId ?? t.jobId ?? t.customerId}-${t.label}`, target: t, path }] : [];
  });
  const entries = [
    ...commands.map((c) => ({ id: c.id, label: c.label, detail: null as string | null, kind: null as string | null, run: c.run })),
    ...jumps.map((j) => ({
      id: j.id,
      label: j.target.label,
      detail: j.target.detail,
      kind: KIND_LABEL[j.target.kind],
      run: () => void navigate(j.path),
    })),
  ];
  const choose = (index: number) => {
    const entry = entries[index];
    if (entry) {
      setOpen(false);
      entry.run();
    }
  };
  return (
    <div className="pilot-palette jump-palette" role="dialog" aria-label="Command palette">
      <input
        className="input"
        aria-label="Command"
        placeholder="Jump to a customer, job, ticket number, session or run id…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, Math.max(entries.length - 1, 0)));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter') {
            choose(active);
          }
        }}
        // biome-ignore lint/a11y/noAutofocus: the palette exists to be typed into right away
        autoFocus
      />
      <ul aria-label="Matches">
        {entries.map((entry, index) => (
          <li key={entry.id}>
            <button
              type="button"
              className={`link-button jump-entry${index === active ? ' active' : ''}`}
              aria-current={index === active}
              onMouseEnter={() => setActive(index)}
              onClick={() => choose(index)}
            >
              {entry.kind && <span className="chip">{entry.kind}</span>} {entry.label}
              {entry.detail && <span className="faint"> · {entry.detail}</span>}
            </button>
          </li>
        ))}
        {entries.length === 0 && (
          <li className="faint">
            {query.trim() === '' ? 'Type to search.' : targets.isFetching || settled !== query.trim() ? 'Searching…' : 'Nothing matches.'}
          </li>
        )}
      </ul>
    </div>
  );
};
