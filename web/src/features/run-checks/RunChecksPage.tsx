import { Fragment, useState } from 'react';
import { ConfirmDialog } from '@/app/ConfirmDialog';
import { Toggle } from '@/app/Toggle';
import type { BoardRun, ProblemStatus, Session } from '@/app/types';
import { useCustomers } from '@/features/customers/useCustomers';
import { BoardRunRow } from './BoardRunRow';
import { OverridesPanel } from './OverridesPanel';
import { type BoardFilter, type ReviewResult, useBoard, useReview, useUnreview } from './useRunChecks';

const STATUSES: ProblemStatus[] = ['error', 'warning', 'missed'];

/** Consecutive runs of the same job form one group (the page is newest first across customers). */
const groupByJob = (runs: BoardRun[]) => {
  const groups: { key: string; first: BoardRun; runs: BoardRun[] }[] = [];
  for (const run of runs) {
    const last = groups[groups.length - 1];
    if (last && last.first.jobId === run.jobId) {
      last.runs.push(run);
    } else {
      groups.push({ key: `${run.jobId}-${run.runId}`, first: run, runs: [run] });
    }
  }
  return groups;
};

/** B3: the operator's daily work — empty this board. */
export const RunChecksPage = ({ session }: { session: Session }) => {
  const [tab, setTab] = useState<'runs' | 'overrides'>('runs');
  const [filter, setFilter] = useState<BoardFilter>({ customerId: '', job: null, statuses: [], ticket: '', includeReviewed: false });
  const board = useBoard(filter);
  const customers = useCustomers({ search: '', mapping: 'all' });
  const review = useReview();
  const unreview = useUnreview();
  // B3.2: every review can be undone while its notice shows.
  const [undo, setUndo] = useState<{ runIds: string[]; text: string } | null>(null);
  const [confirmJob, setConfirmJob] = useState<{ jobId: string; jobName: string; waiting: number } | null>(null);
  const reviewed = (result: ReviewResult, text: string) => setUndo(result.runIds.length ? { runIds: result.runIds, text } : null);
  // Outcomes live at page level: a resolved run leaves the board, and its row with it.
  const [notice, setNotice] = useState<string | null>(null);
  const canAct = session.user.role !== 'reporter';
  const runs = board.data?.pages.flatMap((p) => p.runs) ?? [];
  const waiting = Object.assign({}, ...(board.data?.pages.map((p) => p.waitingByJob) ?? [])) as Record<string, number>;
  const set = (patch: Partial<BoardFilter>) => setFilter((f) => ({ ...f, ...patch }));

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
            Runs with warnings, errors or no report, newest first. Review each one; open a PSA ticket where it needs work.
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
            <label className="field" style={{ minWidth: 220 }}>
              Customer
              <select className="input" value={filter.customerId} onChange={(e) => set({ customerId: e.target.value })}>
                <option value="">All customers</option>
                {customers.data?.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
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
            {filter.job && (
              <span className="badge" data-testid="job-filter">
                Job: {filter.job.name}{' '}
                <button type="button" className="link-button" aria-label="Show every job" onClick={() => set({ job: null })}>
                  ×
                </button>
              </span>
            )}
          </div>
          <div className="card">
            {board.isPending && <p className="muted">Loading runs…</p>}
            {board.error && <div className="alert alert-error">{board.error.message}</div>}
            {board.data && runs.length === 0 && (
              <p className="muted" data-testid="board-empty">
                Nothing to check. Runs with a warning, an error or no report appear here.
              </p>
            )}
            {runs.length > 0 && (
              <table className="table board-table">
                <thead>
                  <tr>
                    <th style={{ width: 90 }}>Status</th>
                    <th style={{ width: 190 }}>Run</th>
                    <th>What was reported</th>
                    <th style={{ width: 220 }}>Ticket</th>
                    <th style={{ width: 150 }}>Review</th>
                    <th style={{ width: 90 }} />
                  </tr>
                </thead>
                <tbody>
                  {groupByJob(runs).map((group) => (
                    <Fragment key={group.key}>
                      <tr className="board-group" data-testid="board-group">
                        <td colSpan={6}>
                          <div className="row" style={{ justifyContent: 'space-between' }}>
                            <span>
                              <strong>{group.first.customerName}</strong> · {group.first.jobName}{' '}
                              <span className="faint">{group.first.backupSoftware}</span>
                              {group.first.checksPaused && (
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
                              {waiting[group.first.jobId] ? <span className="faint">{waiting[group.first.jobId]} waiting</span> : null}
                              {!filter.job && (
                                <button
                                  type="button"
                                  className="btn btn-small"
                                  onClick={() => set({ job: { id: group.first.jobId, name: group.first.jobName } })}
                                >
                                  Only this job
                                </button>
                              )}
                              {canAct && (waiting[group.first.jobId] ?? 0) > 0 && (
                                <button
                                  type="button"
                                  className="btn btn-small"
                                  disabled={review.isPending}
                                  onClick={() =>
                                    setConfirmJob({
                                      jobId: group.first.jobId,
                                      jobName: group.first.jobName,
                                      waiting: waiting[group.first.jobId] ?? 0,
                                    })
                                  }
                                >
                                  Mark job reviewed…
                                </button>
                              )}
                            </span>
                          </div>
                        </td>
                      </tr>
                      {group.runs.map((run) => (
                        <BoardRunRow key={run.runId} run={run} canAct={canAct} onNotice={setNotice} onReviewed={reviewed} />
                      ))}
                    </Fragment>
                  ))}
                </tbody>
              </table>
            )}
            {board.hasNextPage && (
              <button type="button" className="btn" disabled={board.isFetchingNextPage} onClick={() => void board.fetchNextPage()}>
                {board.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            )}
          </div>
        </>
      )}
    </div>
  );
};
