// P7.6: after a successful Resolve, when the team wants it and the engineer chose "Run now,
// templatize after resolve": the script with its proposed {{ parameters }}, the parameters (each
// can be removed: its value goes back into the script), where it came from, and Skip / Edit
// parameters / Save as team template, with "Don't ask me again for this team".
import { useState } from 'react';
import type { DraftTemplate, ScriptParameter } from '@/app/api-types';
import { setTemplatizePrompt, useAcceptDraft, useTemplatizePrompt } from '@/features/scripts/useScripts';

const placeholder = (key: string) => new RegExp(`\\{\\{\\s*${key}\\s*\\}\\}`, 'g');

const Prompt = ({ draft, onDone }: { draft: DraftTemplate; onDone: (message: string) => void }) => {
  const accept = useAcceptDraft();
  const [body, setBody] = useState(draft.scriptBody);
  const [parameters, setParameters] = useState<ScriptParameter[]>(draft.parameters);
  const [name, setName] = useState(draft.proposedName ?? 'New team template');
  const [editing, setEditing] = useState(false);
  const [dontAsk, setDontAsk] = useState(false);
  const finish = async (message: string) => {
    if (dontAsk) {
      await setTemplatizePrompt(false);
    }
    onDone(message);
  };
  // Removing a parameter puts its value back where the placeholder was: the script stays the one that worked.
  const remove = (key: string) => {
    setBody((b) => b.replace(placeholder(key), String(draft.values[key] ?? '')));
    setParameters((list) => list.filter((p) => p.key !== key));
  };
  return (
    <div className="templatize" data-testid="templatize-prompt">
      <div className="alert alert-success" style={{ margin: 0 }}>
        Resolved. What worked can be the team's next starting point: save it as a template?
      </div>
      <label className="field">
        <span>Template name</span>
        <input className="input" value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <pre className="mono lane-output script-output" data-testid="templatize-script">
        {body}
      </pre>
      <ul className="lane-list" aria-label="Proposed parameters">
        {parameters.map((p, index) => (
          <li key={p.key} className="row" style={{ justifyContent: 'space-between', gap: 8 }}>
            {editing ? (
              <input
                className="input"
                aria-label={`Label of {{ ${p.key} }}`}
                value={p.label}
                onChange={(e) => setParameters((list) => list.map((x, i) => (i === index ? { ...x, label: e.target.value } : x)))}
              />
            ) : (
              <span>
                <code className="mono">{`{{ ${p.key} }}`}</code> {p.label}
                {p.inferred_from && <span className="faint"> · from {p.inferred_from}</span>}
              </span>
            )}
            <button type="button" className="btn btn-small btn-ghost" onClick={() => remove(p.key)} aria-label={`Remove {{ ${p.key} }}`}>
              Remove
            </button>
          </li>
        ))}
        {parameters.length === 0 && <li className="faint">No parameters: the script is kept exactly as it ran.</li>}
      </ul>
      <p className="faint" style={{ margin: 0 }} data-testid="templatize-provenance">
        {draft.provenanceText}
      </p>
      <label className="row" style={{ gap: 6 }}>
        <input type="checkbox" checked={dontAsk} onChange={(e) => setDontAsk(e.target.checked)} />
        Don't ask me again for this team
      </label>
      <div className="row" style={{ gap: 8 }}>
        <button
          type="button"
          className="btn btn-small btn-ghost"
          onClick={() => void finish('Skipped; the draft stays in the Script Library.')}
        >
          Skip
        </button>
        <button type="button" className="btn btn-small" onClick={() => setEditing(!editing)}>
          {editing ? 'Done editing' : 'Edit parameters'}
        </button>
        <button
          type="button"
          className="btn btn-small btn-success"
          disabled={!name.trim() || accept.isPending}
          onClick={() =>
            accept.mutate(
              { id: draft.id, name: name.trim(), parameters, body },
              { onSuccess: (template) => void finish(`Saved as the team template “${template.name}”.`) },
            )
          }
        >
          {accept.isPending ? 'Saving…' : 'Save as team template'}
        </button>
      </div>
      {accept.error && <div className="alert alert-error">{accept.error.message}</div>}
    </div>
  );
};

export const TemplatizePrompt = ({ sessionId }: { sessionId: string }) => {
  const prompt = useTemplatizePrompt(sessionId, true);
  const [done, setDone] = useState<string | null>(null);
  if (done) {
    return (
      <p className="faint" data-testid="templatize-done">
        {done}
      </p>
    );
  }
  return prompt.data?.draft ? <Prompt draft={prompt.data.draft} onDone={setDone} /> : null;
};
