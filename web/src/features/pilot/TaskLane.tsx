import { useEffect, useState } from 'react';
import { formatDateTime } from '@/app/format';
import type { InsightCategory, PilotFact, PilotSession } from '@/app/api-types';
import { INSIGHT_CATEGORY_LABELS, useInsights, useSaveFactAsInsight } from '@/features/insights/useInsights';
import { useFacts, useSessionAction } from './usePilot';

const SOURCE_LABEL: Record<PilotFact['sourceType'], string> = {
  question: 'from a question',
  diagnostic_check: 'from a check',
  user_note: 'note',
  ai_synthesis: 'pilot observation',
};

/** I4: a fact kept as what we know about the customer's environment, for every later session. */
const SaveAsInsight = ({
  fact,
  sessionId,
  customerId,
  customerName,
}: {
  fact: PilotFact;
  sessionId: string;
  customerId: string;
  customerName: string;
}) => {
  const save = useSaveFactAsInsight(sessionId, customerId);
  const [category, setCategory] = useState<InsightCategory | null>(null);
  if (save.isSuccess) {
    return <span className="faint">Saved as an insight of {customerName}</span>;
  }
  return category === null ? (
    <button type="button" className="link-button" onClick={() => setCategory('other')}>
      Save as insight
    </button>
  ) : (
    <span className="row" style={{ gap: 4 }}>
      <select
        className="input"
        aria-label="Insight category"
        value={category}
        onChange={(e) => setCategory(e.target.value as InsightCategory)}
      >
        {Object.entries(INSIGHT_CATEGORY_LABELS).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="btn btn-small"
        disabled={save.isPending}
        onClick={() => save.mutate({ factId: fact.id, category, confidence: 'confirmed', priority: 5 })}
      >
        Save
      </button>
    </span>
  );
};

const FactCard = ({
  fact,
  sessionId,
  canAct,
  insightOf,
}: {
  fact: PilotFact;
  sessionId: string;
  canAct: boolean;
  /** The session's customer, when the engineer may save facts as its insights (also after Resolve). */
  insightOf: { id: string; name: string } | null;
}) => {
  const action = useSessionAction(sessionId);
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <li className="fact-card" data-testid="fact-card">
      {editing === null ? (
        <p>{fact.text}</p>
      ) : (
        <textarea className="input" rows={2} value={editing} onChange={(e) => setEditing(e.target.value)} aria-label="Fact text" />
      )}
      <div className="row faint fact-provenance" style={{ justifyContent: 'space-between' }}>
        <span>
          {SOURCE_LABEL[fact.sourceType]}
          {fact.sourceSummary ? ` · ${fact.sourceSummary}` : ''} · {fact.createdByName}
        </span>
        {insightOf && editing === null && (
          <SaveAsInsight fact={fact} sessionId={sessionId} customerId={insightOf.id} customerName={insightOf.name} />
        )}
        {canAct && (
          <span className="row" style={{ gap: 4 }}>
            {fact.editable && editing === null && (
              <button type="button" className="link-button" onClick={() => setEditing(fact.text)}>
                Edit
              </button>
            )}
            {editing !== null && (
              <button
                type="button"
                className="link-button"
                onClick={() => action.mutate({ kind: 'edit-fact', factId: fact.id, text: editing }, { onSuccess: () => setEditing(null) })}
              >
                Save
              </button>
            )}
            <button type="button" className="link-button" onClick={() => action.mutate({ kind: 'delete-fact', factId: fact.id })}>
              Remove
            </button>
          </span>
        )}
      </div>
    </li>
  );
};

/** The check's command with a Copy button, for pasting into the customer's shell. */
const CopyCommand = ({ command }: { command: string }) => {
  const [copied, setCopied] = useState(false);
  return (
    <div className="row" style={{ gap: 6, justifyContent: 'space-between' }}>
      <code className="mono lane-command">{command}</code>
      <button
        type="button"
        className="btn btn-small btn-ghost"
        onClick={() =>
          navigator.clipboard
            ?.writeText(command)
            .then(() => setCopied(true))
            // No clipboard permission (an http origin, a locked-down browser): the command stays selectable.
            .catch(() => setCopied(false))
        }
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
};

/** P8.2: What we know · Questions · Diagnostic checks · Suggested fix, then the Resolve bar. */
export const TaskLane = ({
  session,
  canAct,
  resolveBar,
  onOpenScript,
}: {
  session: PilotSession;
  canAct: boolean;
  resolveBar: React.ReactNode;
  onOpenScript: () => void;
}) => {
  const facts = useFacts(session.id);
  const fix = session.activeFix;
  const action = useSessionAction(session.id);
  const [note, setNote] = useState<string | null>(null);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  // Issue 17: "Run remaining n checks" walks through them one at a time; skipped ones come last.
  const [walk, setWalk] = useState<{ total: number; skipped: string[] } | null>(null);
  const { questions, checks } = session.taskLane;
  const answered = questions.filter((q) => q.status !== 'open').length;
  const ran = checks.filter((c) => c.status === 'done').length;
  const pending = checks.filter((c) => c.status === 'pending');
  const open = !['resolved', 'escalated'].includes(session.state) && canAct;
  const busy = action.isPending;
  const insights = useInsights(session.customerId);
  const insightOf = canAct && session.customerId ? { id: session.customerId, name: session.customerName ?? 'the customer' } : null;
  const promoted = new Set((facts.data?.facts ?? []).map((f) => f.sourceRef).filter(Boolean));
  const walkOrder = walk
    ? [...pending.filter((c) => !walk.skipped.includes(c.id)), ...pending.filter((c) => walk.skipped.includes(c.id))]
    : [];
  const current = walk ? walkOrder[0] : pending[0];
  // The walkthrough puts the cursor in the current check's output, so the engineer pastes and goes.
  const focusId = walk && current ? current.id : null;
  useEffect(() => {
    if (focusId) {
      document.getElementById(`check-output-${focusId}`)?.focus();
    }
  }, [focusId]);
  const record = (checkId: string) => action.mutate({ kind: 'check', itemId: checkId, output: answers[checkId] ?? '' });

  return (
    <aside className="pilot-lane" aria-label="Task lane">
      {insights.data && insights.data.length > 0 && (
        <section aria-label="Known about the customer" data-testid="customer-insights">
          <h3 className="lane-heading">KNOWN ABOUT {session.customerName?.toUpperCase()}</h3>
          <ul className="lane-list">
            {insights.data.map((i) => (
              <li key={i.id}>
                <p>{i.text}</p>
                <span className="faint" style={{ fontSize: 12 }}>
                  {INSIGHT_CATEGORY_LABELS[i.category]} · {i.confidence}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="lane-known">
        <h3 className="lane-heading">WHAT WE KNOW · {facts.data?.facts.length ?? 0}</h3>
        {facts.isPending && <p className="faint">Loading facts…</p>}
        {facts.data?.facts.length === 0 && <p className="faint">Nothing confirmed yet. Answers and check results land here.</p>}
        <ul className="fact-list">
          {facts.data?.facts.map((f) => (
            <FactCard key={f.id} fact={f} sessionId={session.id} canAct={open} insightOf={insightOf} />
          ))}
        </ul>
        {open &&
          (note === null ? (
            <button type="button" className="link-button" onClick={() => setNote('')}>
              + Add a note
            </button>
          ) : (
            <form
              className="stack"
              onSubmit={(e) => {
                e.preventDefault();
                action.mutate({ kind: 'note', text: note }, { onSuccess: () => setNote(null) });
              }}
            >
              <textarea className="input" rows={2} aria-label="Note" value={note} onChange={(e) => setNote(e.target.value)} />
              <button type="submit" className="btn btn-small" disabled={!note.trim() || busy}>
                Add note
              </button>
            </form>
          ))}
      </section>

      <section>
        <h3 className="lane-heading">
          QUESTIONS · {answered} / {questions.length} answered
        </h3>
        {questions.length === 0 && <p className="faint">No questions yet.</p>}
        <ul className="lane-list">
          {questions.map((q) => (
            <li
              key={q.id}
              className={q.status === 'open' ? '' : q.status === 'answered' ? 'answered' : 'dimmed'}
              data-testid="lane-question"
            >
              <p>{q.text}</p>
              {q.status === 'answered' && (
                <p className="faint">
                  Answered · {q.answer}
                  {promoted.has(q.id) ? ' (promoted to What we know)' : ''}
                </p>
              )}
              {q.status === 'skipped' && <p className="faint">Skipped</p>}
              {q.status === 'open' && open && (
                <form
                  className="row"
                  style={{ gap: 6 }}
                  onSubmit={(e) => {
                    e.preventDefault();
                    action.mutate({ kind: 'answer', itemId: q.id, answer: answers[q.id] ?? '' });
                  }}
                >
                  <input
                    className="input"
                    aria-label={`Answer to: ${q.text}`}
                    value={answers[q.id] ?? ''}
                    onChange={(e) => setAnswers((a) => ({ ...a, [q.id]: e.target.value }))}
                  />
                  <button type="submit" className="btn btn-small" disabled={!answers[q.id]?.trim() || busy}>
                    Answer
                  </button>
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={busy}
                    onClick={() => action.mutate({ kind: 'skip', itemId: q.id })}
                  >
                    Skip
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      </section>

      <section>
        <h3 className="lane-heading">
          DIAGNOSTIC CHECKS · {ran} / {checks.length} run
        </h3>
        {checks.length === 0 && <p className="faint">No checks proposed yet.</p>}
        <ul className="lane-list">
          {checks.map((c) => (
            <li key={c.id} className={c.status === 'done' ? 'dimmed' : ''} data-testid="lane-check">
              <p>{c.title}</p>
              {c.command && <code className="mono lane-command">{c.command}</code>}
              {c.status === 'done' && (
                <>
                  <p className="faint" style={{ margin: 0 }}>
                    Complete · findings promoted to What we know
                  </p>
                  {/* The output as recorded, every line kept, in monospace and scrollable. */}
                  <pre className="mono lane-output" data-testid="check-output">
                    {c.result}
                  </pre>
                </>
              )}
              {c.status === 'pending' && open && c.id === current?.id && (
                <form
                  className={`stack${walk ? ' walkthrough' : ''}`}
                  data-testid={walk ? 'check-walkthrough' : undefined}
                  onSubmit={(e) => {
                    e.preventDefault();
                    record(c.id);
                  }}
                >
                  {walk && (
                    <p className="faint" style={{ margin: 0 }}>
                      Check {Math.min(walk.total, walk.total - pending.length + 1)} of {walk.total} · run it, paste what it printed
                    </p>
                  )}
                  {walk && c.command && <CopyCommand command={c.command} />}
                  <textarea
                    className="input mono"
                    rows={walk ? 4 : 2}
                    aria-label={`Output of: ${c.title}`}
                    id={`check-output-${c.id}`}
                    value={answers[c.id] ?? ''}
                    onChange={(e) => setAnswers((a) => ({ ...a, [c.id]: e.target.value }))}
                  />
                  <div className="row" style={{ gap: 6 }}>
                    <button type="submit" className="btn btn-small" disabled={!answers[c.id]?.trim() || busy}>
                      {walk && walkOrder.length > 1 ? 'Record & next' : 'Record result'}
                    </button>
                    {walk && walkOrder.length > 1 && (
                      <button
                        type="button"
                        className="btn btn-small btn-ghost"
                        onClick={() => setWalk({ ...walk, skipped: [...walk.skipped.filter((id) => id !== c.id), c.id] })}
                      >
                        Later
                      </button>
                    )}
                    {walk && (
                      <button type="button" className="btn btn-small btn-ghost" onClick={() => setWalk(null)}>
                        Stop
                      </button>
                    )}
                  </div>
                </form>
              )}
            </li>
          ))}
        </ul>
        {open && pending.length > 1 && !walk && (
          <button type="button" className="link-button" onClick={() => setWalk({ total: pending.length, skipped: [] })}>
            Run remaining {pending.length} checks
          </button>
        )}
        {walk && pending.length === 0 && (
          <p className="faint" data-testid="walkthrough-done">
            All {walk.total} checks recorded; their findings are in What we know.
          </p>
        )}
      </section>

      <section>
        <h3 className="lane-heading">SUGGESTED FIX{fix ? ` · ${fix.confidencePct}% confidence` : ''}</h3>
        {!fix && <p className="faint">No fix suggested yet; answer questions and run checks first.</p>}
        {fix && (
          <div className="fix-card" data-testid="suggested-fix">
            <strong>{fix.title}</strong>
            <p>{fix.description}</p>
            {fix.draftedScript && <pre className="mono lane-script">{fix.draftedScript}</pre>}
            {fix.appliedAt && (
              <p className="faint" data-testid="fix-applied">
                Applied {formatDateTime(fix.appliedAt)} — the resolution note will say so.
              </p>
            )}
            {open && (
              <div className="row" style={{ gap: 8, flexWrap: 'wrap' }}>
                {(fix.templateSlug || fix.draftedScript) && (
                  <button type="button" className="btn btn-small btn-warning" onClick={onOpenScript}>
                    Open script
                  </button>
                )}
                {!fix.appliedAt && (
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={busy}
                    onClick={() => action.mutate({ kind: 'fix-applied', fixId: fix.id })}
                  >
                    Mark applied
                  </button>
                )}
                <button
                  type="button"
                  className="btn btn-small"
                  disabled={busy}
                  onClick={() => action.mutate({ kind: 'dismiss-fix', fixId: fix.id })}
                >
                  Dismiss
                </button>
              </div>
            )}
          </div>
        )}
      </section>
      {busy && (
        <p className="faint" data-testid="lane-busy">
          Saving… (a substantive answer becomes a fact)
        </p>
      )}
      {action.error && <div className="alert alert-error">{action.error.message}</div>}
      {resolveBar}
    </aside>
  );
};
