import { useState } from 'react';
import type { PilotFact, PilotSession } from '@/app/types';
import { useFacts, useSessionAction } from './usePilot';

const SOURCE_LABEL: Record<PilotFact['sourceType'], string> = {
  question: 'from a question',
  diagnostic_check: 'from a check',
  user_note: 'note',
  ai_synthesis: 'pilot observation',
};

const FactCard = ({ fact, sessionId, canAct }: { fact: PilotFact; sessionId: string; canAct: boolean }) => {
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

/** P8.2: What we know · Questions · Diagnostic checks · Suggested fix, then the Resolve bar. */
export const TaskLane = ({ session, canAct, resolveBar }: { session: PilotSession; canAct: boolean; resolveBar: React.ReactNode }) => {
  const facts = useFacts(session.id);
  const fix = session.activeFix;
  const action = useSessionAction(session.id);
  const [note, setNote] = useState<string | null>(null);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [showAllChecks, setShowAllChecks] = useState(false);
  const { questions, checks } = session.taskLane;
  const answered = questions.filter((q) => q.status !== 'open').length;
  const ran = checks.filter((c) => c.status === 'done').length;
  const pending = checks.filter((c) => c.status === 'pending');
  const open = !['resolved', 'escalated'].includes(session.state) && canAct;
  const busy = action.isPending;

  return (
    <aside className="pilot-lane" aria-label="Task lane">
      <section>
        <h3 className="lane-heading">WHAT WE KNOW · {facts.data?.facts.length ?? 0}</h3>
        {facts.isPending && <p className="faint">Loading facts…</p>}
        {facts.data?.facts.length === 0 && <p className="faint">Nothing confirmed yet. Answers and check results land here.</p>}
        <ul className="fact-list">
          {facts.data?.facts.map((f) => (
            <FactCard key={f.id} fact={f} sessionId={session.id} canAct={open} />
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
            <li key={q.id} className={q.status === 'open' ? '' : 'dimmed'} data-testid="lane-question">
              <p>{q.text}</p>
              {q.status === 'answered' && <p className="faint">Answer: {q.answer}</p>}
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
          {checks.map((c, index) => (
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
              {c.status === 'pending' && open && (showAllChecks || index === checks.findIndex((x) => x.status === 'pending')) && (
                <form
                  className="stack"
                  onSubmit={(e) => {
                    e.preventDefault();
                    action.mutate({ kind: 'check', itemId: c.id, output: answers[c.id] ?? '' });
                  }}
                >
                  <textarea
                    className="input mono"
                    rows={2}
                    aria-label={`Output of: ${c.title}`}
                    value={answers[c.id] ?? ''}
                    onChange={(e) => setAnswers((a) => ({ ...a, [c.id]: e.target.value }))}
                  />
                  <button type="submit" className="btn btn-small" disabled={!answers[c.id]?.trim() || busy}>
                    Record result
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
        {open && pending.length > 1 && !showAllChecks && (
          <button type="button" className="link-button" onClick={() => setShowAllChecks(true)}>
            Run remaining {pending.length} checks
          </button>
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
                Applied {new Date(fix.appliedAt).toLocaleTimeString()} — the resolution note will say so.
              </p>
            )}
            {open && (
              <div className="row" style={{ gap: 8 }}>
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
      {busy && <p className="faint">Saving… (a substantive answer becomes a fact)</p>}
      {action.error && <div className="alert alert-error">{action.error.message}</div>}
      {resolveBar}
    </aside>
  );
};
