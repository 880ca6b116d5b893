import { Fragment, type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ConfirmDialog } from '@/app/ConfirmDialog';
import { Toggle } from '@/app/Toggle';
import type { ProblemStatus, Session } from '@/app/api-types';
import { CustomerPicker } from '@/features/customers/CustomerPicker';
import { useCustomer } from '@/features/customers/useCustomers';
import { BoardRunRow } from './BoardRunRow';
import { OverridesPanel } from './OverridesPanel';
import {
  type BoardFilter,
  filterFromParams,
  isFiltered,
  NO_FILTER,
  paramsFromFilter,
  type ReviewResult,
  useBoardGroups,
  useReview,
  useReviewRuns,
  useUnreview,
} from './useRunChecks';

const STATUSES: ProblemStatus[] = ['error', 'warning', 'missed'];

/** Keys of the board (issue 19); ? shows them. */
const SHORTCUTS: [string, string][] = [
  ['j / k', 'next / previous run'],
  ['x', 'select the run'],
  ['r', 'mark the run reviewed'],
  ['t', 'open the run: its ticket and review actions'],
  ['Esc', 'clear the selection'],
  ['?', 'this help'],
];

const typingIn = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** B3: the operator's daily work — empty this board. */
export const RunChecksPage = ({ session }: { session: Session }) => {
  const [tab, setTab] = useState<'runs' | 'overrides'>('runs');
  const [params, setParams] = useSearchParams();
  // The filter answers a click at once and is written to the URL; the URL (a link, back and
  // forward) sets it when it changes from outside.
  const fromUrl = useMemo(() => filterFromParams(params), [params]);
  const [filter, setLocalFilter] = useState(fromUrl);
  useEffect(() => setLocalFilter(fromUrl), [fromUrl]);
  const setFilter = (next: BoardFilter) => {
    setLocalFilter(next);
    setParams(paramsFromFilter(next), { replace: true });
  };
  const set = (patch: Partial<BoardFilter>) => setFilter({ ...filter, ...patch });
  const [search, setSearch] = useState(filter.q);
  useEffect(() => setSearch(filter.q), [filter.q]);
  const board = useBoardGroups(filter);
  const customer = useCustomer(filter.customerId);
  const review = useReview();
  const reviewRuns = useReviewRuns();
  const unreview = useUnreview();
  // B3.2: every review can be undone while its notice shows.
  const [undo, setUndo] = useState<{ runIds: string[]; text: string } | null>(null);
  const [confirmJob, setConfirmJob] = useState<{ jobId: string; jobName: string; waiting: number } | null>(null);
  const reviewed = (result: ReviewResult, text: string) => setUndo(result.runIds.length ? { runIds: result.runIds, text } : null);
  // Outcomes live at page level: a resolved run leaves the board, and its row with it.
  const [notice, setNotice] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [focused, setFocused] = useState<string | null>(null);
  const [openRun, setOpenRun] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const canAct = session.user.role !== 'reporter';
  const groups = board.data?.pages.flatMap((p) => p.groups) ?? [];
  const runs = groups.flatMap((g) => g.runs);
  const runIds = runs.map((r) => r.runId);
  const jobName = filter.jobId ? groups.find((g) => g.jobId === filter.jobId)?.jobName : undefined;
  const customerName = filter.customerId ? customer.data?.name : undefined;
  const selectable = new Set(runs.filter((r) => !r.reviewedAt).map((r) => r.runId));
  const chosen = [...selected].filter((id) => selectable.has(id));

  const toggle = (runId: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) {
        next.add(runId);
      } else {
        next.delete(runId);
      }
      return next;
    });
  const bulkReview = () =>
    reviewRuns.mutate(chosen, {
      onSuccess: (result) => {
        setSelected(new Set());
        reviewed(result, `${result.reviewed} run(s) marked reviewed.`);
      },
    });

  // The keyboard works the board without a mouse (issue 19); never while typing or in a dialog.
  const keys = useRef({ runIds, focused, selectable, canAct });
  keys.current = { runIds, focused, selectable, canAct };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || typingIn(event.target) || document.querySelector('dialog[open]')) {
        return;
      }
      const { runIds: ids, focused: current, selectable: open, canAct: acting } = keys.current;
      const index = current ? ids.indexOf(current) : -1;
      const move = (to: number) => {
        const id = ids[Math.max(0, Math.min(ids.length - 1, to))];
        if (id) {
          setFocused(id);
          document.querySelector(`[data-run-id="${id}"]`)?.scrollIntoView({ block: 'nearest' });
        }
      };
      if (event.key === 'j') {
        move(index + 1);
      } else if (event.key === 'k') {
        move(index <= 0 ? 0 : index - 1);
      } else if (event.key === 'x' && current && acting && open.has(current)) {
        setSelected((s) => {
          const next = new Set(s);
          if (next.has(current)) {
            next.delete(current);
          } else {
            next.add(current);
          }
          return next;
        });
      } else if (event.key === 'r' && current && acting && open.has(current)) {
        review.mutate(
          { runId: current },
          { onSuccess: (result) => setUndo(result.runIds.length ? { runIds: result.runIds, text: 'Run marked reviewed.' } : null) },
        );
        move(index + 1);
      } else if (event.key === 't' && current) {
        setOpenRun((o) => (o === current ? null : current));
      } else if (event.key === 'Escape') {
        setSelected(new Set());
      } else if (event.key === '?') {
        setHelp(true);
      } else {
        return;
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [review.mutate]);

  const chip = (label: ReactNode, clear: Partial<BoardFilter>, testId: string) => (
    <span className="badge" data-testid={testId}>
      {label}{' '}
      <button type="button" className="link-button" aria-label={`Clear: ${testId}`} onClick={() => set(clear)}>
        ×
      </button>
    </span>
  );

  return (
    <div className="stack">
      <ConfirmDialog
        open={confirmJob !== null}
        title={`Mark every waiting run of ${confirmJob?.jobName ?? ''} reviewed?`}
        confirmLabel="Mark job reviewed"
        busy={review.isPending}
        onConfirm={() =>
          confirmJob &&
          review.mutate(
            { jobId: confirmJob.jobId },
            {
              onSuccess: (result) => reviewed(result, `${result.reviewed} run(s) of ${confirmJob.jobName} marked reviewed.`),
              onSettled: () => setConfirmJob(null),
            },
          )
        }
        onCancel={() => setConfirmJob(null)}
      >
        <p>{confirmJob?.waiting ?? 0} run(s) waiting for review leave the board, not only those on screen. You can undo it right after.</p>
      </ConfirmDialog>
      <ConfirmDialog open={help} title="Keyboard" confirmLabel="Got it" onConfirm={() => setHelp(false)} onCancel={() => setHelp(false)}>
        <table className="table" data-testid="board-shortcuts">
          <tbody>
            {SHORTCUTS.map(([key, what]) => (
              <tr key={key}>
                <td>
                  <kbd>{key}</kbd>
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ConfirmDialog>
      {undo && (
        <div className="alert alert-success undo-toast" role="status" data-testid="undo-toast">
          <span>{undo.text}</span>
          <button
            type="button"
            className="btn btn-small"
            disabled={unreview.isPending}
            onClick={() => unreview.mutate(undo.runIds, { onSuccess: () => setUndo(null) })}
          >
            Undo
          </button>
        </div>
      )}
      <div className="page-header">
        <div>
          <h1>Run Checks</h1>
          <p className="muted" style={{ margin: '4px 0 0' }}>
            Runs with warnings, errors or no report, by job, newest first. Review each one; open a PSA ticket where it needs work. Press{' '}
            <kbd>?</kbd> for the keyboard.
          </p>
        </div>
      </div>
      <div className="tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'runs'}
          className={`tab${tab === 'runs' ? ' active' : ''}`}
          onClick={() => setTab('runs')}
        >
          Runs
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'overrides'}
          className={`tab${tab === 'overrides' ? ' active' : ''}`}
          onClick={() => setTab('overrides')}
        >
          Overrides
        </button>
      </div>
      {notice && (
        <div className="alert alert-success row" role="status" data-testid="board-notice" style={{ justifyContent: 'space-between' }}>
          <span>{notice}</span>
          <button type="button" className="btn btn-small" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </div>
      )}
      {tab === 'overrides' && <OverridesPanel session={session} />}
      {tab === 'runs' && (
        <>
          <div className="card row board-filters" style={{ gap: 16, flexWrap: 'wrap' }}>
            <form
              className="field"
              style={{ minWidth: 260 }}
              onSubmit={(e) => {
                e.preventDefault();
                set({ q: search.trim() });
              }}
            >
              <label htmlFor="board-search">Search</label>
              <input
                id="board-search"
                className="input"
                type="search"
                placeholder="Job, object or message"
                value={search}
                onChange={(e) => setSearch(e.target.value)}
              />
            </form>
            <div className="field" style={{ minWidth: 220 }}>
              <label htmlFor="board-customer">Customer</label>
              <CustomerPicker
                id="board-customer"
                label="Customer"
                emptyLabel="All customers"
                value={filter.customerId}
                onChange={(customerId) => set({ customerId })}
              />
            </div>
            <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }}>
              <legend>Status</legend>
              <div className="row" style={{ gap: 8 }}>
                {STATUSES.map((status) => (
                  <Toggle
                    key={status}
                    checked={filter.statuses.includes(status)}
                    onChange={(on) => set({ statuses: on ? [...filter.statuses, status] : filter.statuses.filter((s) => s !== status) })}
                  >
                    {status}
                  </Toggle>
                ))}
              </div>
            </fieldset>
            <label className="field">
              Ticket
              <select className="input" value={filter.ticket} onChange={(e) => set({ ticket: e.target.value as BoardFilter['ticket'] })}>
                <option value="">Any</option>
                <option value="none">No ticket</option>
                <option value="active">Has a ticket</option>
                <option value="deleted">Ticket deleted in PSA</option>
              </select>
            </label>
            <Toggle checked={filter.includeReviewed} onChange={(on) => set({ includeReviewed: on })}>
              Include reviewed
            </Toggle>
            {filter.jobId && chip(`Job: ${jobName ?? 'one job'}`, { jobId: '' }, 'job-filter')}
            {filter.day && chip(`Day: ${filter.day}`, { day: '' }, 'day-filter')}
            {filter.q && chip(`Search: ${filter.q}`, { q: '' }, 'search-filter')}
          </div>
          {canAct && chosen.length > 0 && (
            <div className="card row bulk-bar" data-testid="bulk-bar" style={{ justifyContent: 'space-between' }}>
              <span>{chosen.length} run(s) selected</span>
              <span className="row" style={{ gap: 8 }}>
                <button type="button" className="btn btn-small" onClick={() => setSelected(new Set())}>
                  Clear selection
                </button>
                <button type="button" className="btn btn-small btn-primary" disabled={reviewRuns.isPending} onClick={bulkReview}>
                  Mark {chosen.length} reviewed
                </button>
              </span>
            </div>
          )}
          <div className="card">
            {board.isPending && <p className="muted">Loading runs…</p>}
            {board.error && <div className="alert alert-error">{board.error.message}</div>}
            {board.data && runs.length === 0 && (
              <div className="stack" data-testid="board-empty">
                {isFiltered(filter) ? (
                  <>
                    <p className="muted" style={{ margin: 0 }}>
                      No runs match these filters{customerName ? ` for ${customerName}` : ''}. Other runs may still be waiting.
                    </p>
                    <div>
                      <button type="button" className="btn btn-small" onClick={() => setFilter(NO_FILTER)}>
                        Clear filters
                      </button>
                    </div>
                  </>
                ) : (
                  <p className="muted" style={{ margin: 0 }}>
                    Nothing to check: every run with a warning, an error or no report has been reviewed.
                  </p>
                )}
              </div>
            )}
            {runs.length > 0 && (
              <table className="table board-table">
                <thead>
                  <tr>
                    <th style={{ width: 28 }} />
                    <th style={{ width: 130 }}>Status</th>
                    <th style={{ width: 200 }}>Run</th>
                    <th>What was reported</th>
                    <th style={{ width: 220 }}>Ticket</th>
                    <th style={{ width: 150 }}>Review</th>
                    <th style={{ width: 90 }} />
                  </tr>
                </thead>
                <tbody>
                  {groups.map((group) => {
                    const open = group.runs.filter((r) => selectable.has(r.runId)).map((r) => r.runId);
                    const allChosen = open.length > 0 && open.every((id) => selected.has(id));
                    return (
                      <Fragment key={group.jobId}>
                        <tr className="board-group" data-testid="board-group">
                          <td>
                            {canAct && open.length > 0 && (
                              <input
                                type="checkbox"
                                aria-label={`Select the shown waiting runs of ${group.jobName}`}
                                checked={allChosen}
                                onChange={(e) => {
                                  for (const id of open) {
                                    toggle(id, e.target.checked);
                                  }
                                }}
                              />
                            )}
                          </td>
                          <td colSpan={6}>
                            <div className="row" style={{ justifyContent: 'space-between' }}>
                              <span>
                                <strong>{group.customerName}</strong> · <Link to={`/jobs/${group.jobId}`}>{group.jobName}</Link>{' '}
                                <span className="faint">{group.backupSoftware}</span>
                                {group.checksPaused && (
                                  <span
                                    className="badge badge-warning"
                                    style={{ marginLeft: 6 }}
                                    title="No missed runs are raised for this job while paused"
                                  >
                                    Checks paused
                                  </span>
                                )}
                              </span>
                              <span className="row" style={{ gap: 8 }}>
                                <span className="faint" data-testid="group-count">
                                  {group.waiting} waiting
                                  {group.matching > group.runs.length && ` · ${group.runs.length} of ${group.matching} shown`}
                                </span>
                                {!filter.jobId && (
                                  <button type="button" className="btn btn-small" onClick={() => set({ jobId: group.jobId })}>
                                    {group.matching > group.runs.length ? 'Show all' : 'Only this job'}
                                  </button>
                                )}
                                {canAct && group.waiting > 0 && (
                                  <button
                                    type="button"
                                    className="btn btn-small"
                                    disabled={review.isPending}
                                    onClick={() => setConfirmJob({ jobId: group.jobId, jobName: group.jobName, waiting: group.waiting })}
                                  >
                                    Mark job reviewed…
                                  </button>
                                )}
                              </span>
                            </div>
                          </td>
                        </tr>
                        {group.runs.map((run) => (
                          <BoardRunRow
                            key={run.runId}
                            run={run}
                            canAct={canAct}
                            onNotice={setNotice}
                            onReviewed={reviewed}
                            open={openRun === run.runId}
                            onToggle={() => setOpenRun((o) => (o === run.runId ? null : run.runId))}
                            selected={selected.has(run.runId)}
                            onSelect={(on) => toggle(run.runId, on)}
                            focused={focused === run.runId}
                          />
                        ))}
                      </Fragment>
                    );
                  })}
                </tbody>
              </table>
            )}
            {board.hasNextPage && (
              <button type="button" className="btn" disabled={board.isFetchingNextPage} onClick={() => void board.fetchNextPage()}>
                {board.isFetchingNextPage ? 'Loading…' : 'Load more jobs'}
              </button>
            )}
          </div>
        </>
      )}
    </div>
  );
};
