import { useState } from 'react';
import { Link } from 'react-router';
import { formatDateTime } from '@/app/format';
import type { BoardRun } from '@/app/api-types';
import { RunStatusBadge } from '@/features/backup-jobs/RunStatusBadge';
import { OverrideForm } from './OverrideForm';
import { RunTicketPanel } from './RunTicketPanel';
import { TicketBadge } from './TicketBadge';
import { type ReviewResult, useReview, useUnreview } from './useRunChecks';

/** One run on the board; expanding it shows its ticket and the review actions. */
export const BoardRunRow = ({
  run,
  canAct,
  onNotice,
  onReviewed,
  open,
  onToggle,
  selected,
  onSelect,
  focused,
}: {
  run: BoardRun;
  canAct: boolean;
  onNotice: (text: string) => void;
  /** The page offers Undo for what was just reviewed. */
  onReviewed: (result: ReviewResult, text: string) => void;
  /** The page knows which run is open (the keyboard opens one with t). */
  open: boolean;
  onToggle: () => void;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  /** The run the keyboard is on (j / k). */
  focused: boolean;
}) => {
  const [note, setNote] = useState('');
  const [offerOverride, setOfferOverride] = useState(false);
  const [notice, setNotice] = useState('');
  const review = useReview();
  const unreview = useUnreview();
  const markReviewed = () =>
    review.mutate(
      { runId: run.runId, note },
      {
        onSuccess: (result) => {
          setNote('');
          onReviewed(result, `Run of ${run.jobName} marked reviewed.`);
        },
      },
    );
  return (
    <>
      <tr
        className={`board-row${open ? ' open' : ''}${focused ? ' focused' : ''}${selected ? ' selected' : ''}`}
        data-testid="board-row"
        data-run-id={run.runId}
        aria-selected={selected}
      >
        <td className="board-select">
          {canAct && !run.reviewedAt && (
            <input
              type="checkbox"
              aria-label={`Select the ${run.status} run of ${run.jobName} at ${formatDateTime(run.runAt)}`}
              checked={selected}
              onChange={(e) => onSelect(e.target.checked)}
            />
          )}
        </td>
        <td>
          {run.overrideId ? (
            <span
              className="badge run-success"
              data-testid="run-status"
              title={`Reported as ${run.status}; an override treats it as success`}
            >
              Success (override)
            </span>
          ) : (
            <RunStatusBadge status={run.status} />
          )}
        </td>
        <td className="mono" style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(run.runAt)}
        </td>
        <td className="board-summary" title={run.summary}>
          {run.summary || <span className="faint">No details reported</span>}
          {run.problemObjects > 1 && <span className="faint"> · {run.problemObjects} objects</span>}
        </td>
        <td>{run.ticket ? <TicketBadge ticket={run.ticket} /> : <span className="faint">—</span>}</td>
        <td>
          {run.reviewedAt ? (
            <span className="faint" title={run.reviewNote}>
              {run.overrideId ? 'override' : `reviewed${run.reviewedByName ? ` by ${run.reviewedByName}` : ''}`}
            </span>
          ) : null}
        </td>
        <td style={{ textAlign: 'right' }}>
          <button type="button" className="btn btn-small" aria-expanded={open} onClick={onToggle}>
            {open ? 'Close' : 'Details'}
          </button>
        </td>
      </tr>
      {open && (
        <tr className="board-detail">
          <td colSpan={7}>
            <div className="stack">
              {run.remark && <div className="remark">{run.remark}</div>}
              <RunTicketPanel runId={run.runId} onOutcome={onNotice} />
              {canAct && !run.reviewedAt && !offerOverride && (
                <div className="row" style={{ gap: 8, flexWrap: 'wrap' }}>
                  <input
                    className="input"
                    style={{ width: 280 }}
                    placeholder="Review note (optional)"
                    aria-label="Review note"
                    value={note}
                    onChange={(e) => setNote(e.target.value)}
                  />
                  <button type="button" className="btn btn-small" disabled={review.isPending} onClick={markReviewed}>
                    Mark reviewed
                  </button>
                  {/* Success means a rule: the override covers this run (and the next ones like it), so it shows as success. */}
                  <button type="button" className="btn btn-small" disabled={review.isPending} onClick={() => setOfferOverride(true)}>
                    Mark as success…
                  </button>
                </div>
              )}
              {canAct && run.reviewedAt && (
                <button type="button" className="btn btn-small" disabled={unreview.isPending} onClick={() => unreview.mutate([run.runId])}>
                  Mark not reviewed
                </button>
              )}
              {review.error && <div className="alert alert-error">{review.error.message}</div>}
              {offerOverride && (
                <OverrideForm
                  run={run}
                  onDone={(message) => {
                    setOfferOverride(false);
                    setNotice(message);
                    // The run leaves the board with the override: the page says what happened.
                    if (message) {
                      onNotice(message);
                    }
                  }}
                />
              )}
              {notice && <div className="alert alert-success">{notice}</div>}
              <Link to={`/jobs/${run.jobId}/runs/${run.runId}`}>Job Details</Link>
            </div>
          </td>
        </tr>
      )}
    </>
  );
};
