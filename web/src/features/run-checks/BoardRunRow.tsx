import { useState } from 'react';
import { Link } from 'react-router';
import type { BoardRun } from '@/app/types';
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
}: {
  run: BoardRun;
  canAct: boolean;
  onNotice: (text: string) => void;
  /** The page offers Undo for what was just reviewed. */
  onReviewed: (result: ReviewResult, text: string) => void;
}) => {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [offerOverride, setOfferOverride] = useState(false);
  const [notice, setNotice] = useState('');
  const review = useReview();
  const unreview = useUnreview();
  const markReviewed = (asSuccess: boolean) =>
    review.mutate(
      { runId: run.runId, note },
      {
        onSuccess: (result) => {
          setNote('');
          setOfferOverride(asSuccess);
          onReviewed(result, `Run of ${run.jobName} marked reviewed.`);
        },
      },
    );
  return (
    <>
      <tr className={`board-row${open ? ' open' : ''}`} data-testid="board-row" data-run-id={run.runId}>
        <td>
          <RunStatusBadge status={run.status} />
        </td>
        <td className="mono" style={{ whiteSpace: 'nowrap' }}>
          {new Date(run.runAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}
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
          <button type="button" className="btn btn-small" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? 'Close' : 'Details'}
          </button>
        </td>
      </tr>
      {open && (
        <tr className="board-detail">
          <td colSpan={6}>
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
                  <button type="button" className="btn btn-small" disabled={review.isPending} onClick={() => markReviewed(false)}>
                    Mark reviewed
                  </button>
                  <button type="button" className="btn btn-small" disabled={review.isPending} onClick={() => markReviewed(true)}>
                    Mark as success
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
