import { useEffect, useRef, useState } from 'react';
import { ApiError } from '@/app/api';
import type { PilotDocumentKind, PilotPostResult, PilotSession } from '@/app/api-types';
import { TemplatizePrompt } from './TemplatizePrompt';
import { fetchPreview, usePostDocument } from './usePilot';

const LABEL: Record<PilotDocumentKind, string> = {
  resolution_note: 'Resolution note',
  escalation_package: 'Escalation package',
  progress_update: 'Share update',
};
const TARGET_TEXT: Record<PilotDocumentKind, string> = {
  resolution_note: 'customer-visible resolution note, then the resolved status',
  escalation_package: 'internal note, then the escalated status',
  progress_update: 'customer-visible progress note; the status stays as it is',
};
const PREVIEW_DEBOUNCE_MS = 500;

const outcomeText = (result: PilotPostResult) => {
  if (result.outcome === 'update_shared') {
    return `Shared with the customer (note ${result.note_external_id}); the session stays open.`;
  }
  if (result.outcome.endsWith('_local')) {
    return 'Stored in Flightdeck (no PSA ticket is linked); the session is closed.';
  }
  const status = result.status
    ? `status “${result.status.name ?? result.status.actual}” verified in the PSA`
    : `status unchanged: ${result.status_transition_skipped_reason ?? 'no transition'}`;
  const moved = result.routed_to ? `moved to ${result.routed_to.name ?? result.routed_to.queueId}, ` : '';
  return `Posted to the ticket (note ${result.note_external_id}); ${moved}${status}.`;
};

/**
 * P8.2: the persistent popover anchored to Resolve (not a modal): the target ticket, the
 * status change, the note preview with Edit, and Confirm & post. The preview follows the session
 * (500 ms debounce) until the engineer edits it.
 */
export const DocumentPopover = ({ session, kind, onClose }: { session: PilotSession; kind: PilotDocumentKind; onClose: () => void }) => {
  const post = usePostDocument(session.id);
  const [markdown, setMarkdown] = useState<string | null>(null);
  const [edited, setEdited] = useState(false);
  const [editing, setEditing] = useState(false);
  const [loading, setLoading] = useState(true);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [target, setTarget] = useState<string | null>(null);
  const [result, setResult] = useState<PilotPostResult | null>(null);
  // Issue 17: the customer reads the Outcome; the engineer writes it, nothing stands in for it.
  const [outcome, setOutcome] = useState('');
  const needsOutcome = kind === 'resolution_note';
  const latest = useRef(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new state version is exactly what must refresh the preview
  useEffect(() => {
    if (edited) {
      return;
    }
    const request = ++latest.current;
    setLoading(true);
    const timer = setTimeout(() => {
      fetchPreview(session.id, kind)
        .then((preview) => {
          if (request === latest.current) {
            setMarkdown(preview.markdown);
            setTarget(preview.target_ticket_ref);
            setPreviewError(null);
          }
        })
        .catch((e: Error) => setPreviewError(e.message))
        .finally(() => request === latest.current && setLoading(false));
    }, PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [session.id, session.stateVersion, kind, edited]);

  const error = post.error instanceof ApiError ? post.error : null;
  return (
    <div className="pilot-popover" role="dialog" aria-label={LABEL[kind]} data-testid="document-popover">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <strong>{LABEL[kind]}</strong>
        <button type="button" className="link-button" onClick={onClose} aria-label="Close preview">
          ×
        </button>
      </div>
      <p className="faint" style={{ margin: 0 }}>
        Target: {target ?? 'no PSA ticket — stored in Flightdeck only'}
        {target && ` · ${TARGET_TEXT[kind]}${kind === 'progress_update' ? '' : ' (verified by reading the ticket back)'}`}
      </p>
      {loading && !markdown && <p className="faint">Building the preview…</p>}
      {previewError && <div className="alert alert-error">{previewError}</div>}
      {markdown !== null &&
        (editing ? (
          <textarea
            className="input mono pilot-preview-edit"
            aria-label="Edit the note"
            value={markdown}
            onChange={(e) => {
              setEdited(true);
              setMarkdown(e.target.value);
            }}
          />
        ) : (
          <pre className="pilot-preview" data-testid="document-preview">
            {markdown}
          </pre>
        ))}
      {needsOutcome && markdown !== null && !result && (
        <div className="field">
          <label htmlFor="document-outcome">Outcome (written by you, shown to the customer)</label>
          <textarea
            id="document-outcome"
            className="input"
            rows={3}
            placeholder="What works now, and what the user confirmed"
            value={outcome}
            onChange={(e) => setOutcome(e.target.value)}
          />
        </div>
      )}
      {result ? (
        <>
          <div className="alert alert-success" role="status" data-testid="post-result">
            {outcomeText(result)}
          </div>
          {(result.outcome === 'resolved' || result.outcome === 'resolved_local') && <TemplatizePrompt sessionId={session.id} />}
        </>
      ) : (
        <div className="row" style={{ gap: 8 }}>
          <button type="button" className="btn btn-small" onClick={() => setEditing(!editing)} disabled={markdown === null}>
            {editing ? 'Done editing' : 'Edit'}
          </button>
          <button
            type="button"
            className="btn btn-small btn-primary"
            disabled={markdown === null || post.isPending || (needsOutcome && !outcome.trim())}
            title={needsOutcome && !outcome.trim() ? 'Write the outcome first' : undefined}
            onClick={() =>
              markdown && post.mutate({ kind, markdown, ...(needsOutcome && { outcome: outcome.trim() }) }, { onSuccess: setResult })
            }
          >
            {post.isPending ? 'Posting and verifying…' : 'Confirm & post'}
          </button>
        </div>
      )}
      {error && (
        <div className="alert alert-error" role="alert">
          {error.message}
        </div>
      )}
    </div>
  );
};
