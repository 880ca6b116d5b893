// P7.2 / P7.3: the generator over the task lane. A fix that names a team template opens it with
// a "Verified template" badge and values pre-filled from the session, each tagged "from session"
// with where it came from; a fix with only a drafted script opens the three-option dialog, with
// the values the extraction proposes as parameters highlighted in the script.
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '@/app/api';
import type {
  FixDecision,
  FixDecisionResult,
  ScriptGeneration,
  ScriptParameter,
  ScriptParameterValue,
  ScriptProposal,
  ScriptTemplate,
} from '@/app/api-types';
import { useFixDecision, useGenerate, useGenerator } from '@/features/scripts/useScripts';

const CopyButton = ({ text }: { text: string }) => {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="btn btn-small btn-ghost"
      onClick={() =>
        navigator.clipboard
          ?.writeText(text)
          .then(() => setCopied(true))
          // No clipboard permission: the script stays selectable.
          .catch(() => setCopied(false))
      }
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
};

const GeneratedScript = ({ generation }: { generation: ScriptGeneration }) => (
  <div className="stack" data-testid="generated-script">
    <div className="row" style={{ justifyContent: 'space-between' }}>
      <strong>{generation.title}</strong>
      <CopyButton text={generation.body} />
    </div>
    <pre className="mono lane-output script-output">{generation.body}</pre>
    <p className="faint" style={{ margin: 0 }}>
      Recorded in the session{generation.parametersText ? ` with ${generation.parametersText}` : ''}; the resolution note lists it.
    </p>
  </div>
);

const ParameterField = ({
  parameter,
  value,
  onChange,
  hint,
  error,
}: {
  parameter: ScriptParameter;
  value: ScriptParameterValue | undefined;
  onChange: (value: ScriptParameterValue) => void;
  hint?: string;
  error?: string;
}) => {
  const id = `param-${parameter.key}`;
  const label = (
    <label htmlFor={id}>
      {parameter.label}
      {hint && (
        <span className="from-session" title={hint}>
          from session
        </span>
      )}
    </label>
  );
  let control: React.ReactNode;
  switch (parameter.type) {
    case 'boolean':
      control = <input id={id} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
      break;
    case 'select':
      control = (
        <select id={id} className="input" value={String(value ?? '')} onChange={(e) => onChange(e.target.value)}>
          <option value="">— choose —</option>
          {parameter.options?.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      );
      break;
    case 'textarea':
    case 'multi_text':
      control = (
        <textarea
          id={id}
          className="input mono"
          rows={3}
          value={Array.isArray(value) ? value.join('\n') : String(value ?? '')}
          placeholder={parameter.type === 'multi_text' ? 'One value per line' : undefined}
          onChange={(e) => onChange(parameter.type === 'multi_text' ? e.target.value.split('\n').filter(Boolean) : e.target.value)}
        />
      );
      break;
    default:
      control = (
        <input
          id={id}
          className="input"
          type={parameter.type === 'password' ? 'password' : parameter.type === 'number' ? 'number' : 'text'}
          autoComplete="off"
          value={String(value ?? '')}
          onChange={(e) => onChange(parameter.type === 'number' && e.target.value !== '' ? Number(e.target.value) : e.target.value)}
        />
      );
  }
  return (
    <div className="field">
      {label}
      {control}
      {hint && <span className="faint field-hint">{hint}</span>}
      {!hint && parameter.help && <span className="faint field-hint">{parameter.help}</span>}
      {error && <span className="field-error">{error}</span>}
    </div>
  );
};

/** A template with its parameters, pre-filled, and Generate. */
const VerifiedTemplate = ({
  sessionId,
  template,
  initial,
  hints,
}: {
  sessionId: string;
  template: ScriptTemplate;
  initial: Record<string, ScriptParameterValue>;
  hints: Record<string, string>;
}) => {
  const generate = useGenerate(sessionId);
  const [values, setValues] = useState<Record<string, ScriptParameterValue>>(initial);
  const [result, setResult] = useState<ScriptGeneration | null>(null);
  const error = generate.error instanceof ApiError ? generate.error : null;
  return (
    <div className="stack">
      <div className="row" style={{ gap: 8 }}>
        <span className="badge badge-verified">Verified template</span>
        <strong>{template.name}</strong>
      </div>
      {template.description && (
        <p className="faint" style={{ margin: 0 }}>
          {template.description}
        </p>
      )}
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          generate.mutate({ templateId: template.id, values }, { onSuccess: setResult });
        }}
      >
        {template.parameters.map((p) => (
          <ParameterField
            key={p.key}
            parameter={p}
            value={values[p.key]}
            hint={hints[p.key]}
            error={error?.fieldMessage(p.key)}
            onChange={(value) => setValues((v) => ({ ...v, [p.key]: value }))}
          />
        ))}
        <button type="submit" className="btn btn-small btn-primary" disabled={generate.isPending}>
          {generate.isPending ? 'Generating…' : 'Generate script'}
        </button>
      </form>
      {error && !error.fieldErrors.length && <div className="alert alert-error">{error.message}</div>}
      {result && <GeneratedScript generation={result} />}
    </div>
  );
};

/** The drafted script with the proposed parameters' values highlighted. */
const HighlightedScript = ({ proposal }: { proposal: ScriptProposal }) => {
  // Each part keeps its offset in the body as its key: the parts of one string, in order.
  let offset = 0;
  const parts = proposal.body.split(/(\{\{\s*[a-z0-9_]+\s*\}\})/).map((text) => {
    const at = offset;
    offset += text.length;
    return { text, at };
  });
  return (
    <pre className="mono lane-output script-output" data-testid="drafted-script">
      {parts.map(({ text, at }) => {
        const key = /^\{\{\s*([a-z0-9_]+)\s*\}\}$/.exec(text)?.[1];
        const parameter = key ? proposal.parameters.find((p) => p.key === key) : undefined;
        return key && parameter ? (
          <mark
            key={at}
            className="proposed-parameter"
            title={`Proposed parameter: ${parameter.label} (${parameter.inferred_from ?? key})`}
          >
            {String(proposal.values[key] ?? '')}
          </mark>
        ) : (
          <span key={at}>{text}</span>
        );
      })}
    </pre>
  );
};

const OPTIONS: { decision: Exclude<FixDecision, 'dismissed'>; label: string; tradeOff: string; recommended?: boolean }[] = [
  {
    decision: 'one_off',
    label: 'Run as one-off',
    tradeOff: 'Gives you the script now. Nothing is kept for the team; the next engineer starts from scratch.',
  },
  {
    decision: 'draft_template',
    label: 'Run now, templatize after resolve',
    tradeOff: 'Gives you the script now, and after Resolve offers it as a team template with the highlighted values as parameters.',
    recommended: true,
  },
  {
    decision: 'build_template',
    label: 'Build as template now',
    tradeOff: 'Opens the template editor first, so the team has it before you run it. Takes a few minutes longer.',
  },
];

/** P7.3: no template yet — three ways to go on, each with what it costs. */
const ThreeOptions = ({ sessionId, fixId, proposal }: { sessionId: string; fixId: string; proposal: ScriptProposal }) => {
  const decide = useFixDecision(sessionId);
  const navigate = useNavigate();
  const [result, setResult] = useState<FixDecisionResult | null>(null);
  return (
    <div className="stack" data-testid="three-options">
      <p style={{ margin: 0 }}>
        No team template fits this fix yet. The pilot drafted this script
        {proposal.parameters.length
          ? `; the ${proposal.parameters.length === 1 ? 'highlighted value would be a parameter' : 'highlighted values would be parameters'}`
          : ''}
        :
      </p>
      <HighlightedScript proposal={proposal} />
      {result?.generation ? (
        <>
          <GeneratedScript generation={result.generation} />
          {result.draftId && (
            <p className="faint" data-testid="draft-noted">
              Saved as a draft template; you will be asked to keep it after Resolve.
            </p>
          )}
        </>
      ) : (
        <fieldset className="stack option-group">
          <legend className="faint">How to run this script</legend>
          {OPTIONS.map((option) => (
            <button
              key={option.decision}
              type="button"
              className={`option-card${option.recommended ? ' recommended' : ''}`}
              disabled={decide.isPending}
              onClick={() =>
                decide.mutate(
                  { fixId, decision: option.decision },
                  {
                    onSuccess: (decided) => {
                      if (decided.decision === 'build_template' && decided.proposal) {
                        void navigate('/scripts/new', { state: { proposal: decided.proposal, sessionId } });
                        return;
                      }
                      setResult(decided);
                    },
                  },
                )
              }
            >
              <strong>
                {option.label}
                {option.recommended && <span className="badge">Recommended</span>}
              </strong>
              <span className="faint">{option.tradeOff}</span>
            </button>
          ))}
        </fieldset>
      )}
      {decide.error && <div className="alert alert-error">{decide.error.message}</div>}
    </div>
  );
};

export const ScriptGenerator = ({ sessionId, onClose }: { sessionId: string; onClose: () => void }) => {
  const generator = useGenerator(sessionId, true);
  const data = generator.data;
  return (
    <div className="script-generator" role="dialog" aria-label="Script generator" data-testid="script-generator">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <strong>Script generator</strong>
        <button type="button" className="link-button" onClick={onClose} aria-label="Close the script generator">
          ×
        </button>
      </div>
      {generator.isPending && <p className="faint">Reading the fix and the session…</p>}
      {generator.error && <div className="alert alert-error">{generator.error.message}</div>}
      {data && !data.fix && <p className="faint">There is no suggested fix yet; answer questions and run checks first.</p>}
      {data?.fix && data.template && (
        <VerifiedTemplate
          sessionId={sessionId}
          template={data.template}
          initial={Object.fromEntries([
            ...data.template.parameters.filter((p) => p.default !== undefined && p.default !== null).map((p) => [p.key, p.default]),
            ...data.prefill.map((p) => [p.key, p.value]),
          ])}
          hints={Object.fromEntries(data.prefill.map((p) => [p.key, p.hint]))}
        />
      )}
      {data?.fix && !data.template && data.proposal && <ThreeOptions sessionId={sessionId} fixId={data.fix.id} proposal={data.proposal} />}
      {data?.fix && !data.template && !data.proposal && (
        <p className="faint">This fix has no script: apply it by hand and mark it applied.</p>
      )}
    </div>
  );
};
