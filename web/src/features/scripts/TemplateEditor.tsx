// The template editor (P7.1): name, category, language, the body with {{ placeholders }}, the
// parameters, and a live preview rendered by the server with the defaults (passwords as ••••).
// "Build as template now" (P7.3) opens it with the extraction's proposal.
import { useEffect, useState } from 'react';
import { ApiError } from '@/app/api';
import type { ScriptCategory, ScriptLanguage, ScriptParameter, ScriptParameterType, ScriptTemplate } from '@/app/api-types';
import { previewTemplate, type TemplateDraft, useCreateCategory, useDeleteTemplate, useSaveTemplate } from './useScripts';

const TYPES: ScriptParameterType[] = ['text', 'password', 'select', 'boolean', 'multi_text', 'number', 'textarea'];
const PREVIEW_DEBOUNCE_MS = 400;

/** A value to preview with: the default, else a readable stand-in for the type. */
const sampleOf = (p: ScriptParameter) =>
  p.default ??
  (p.type === 'boolean'
    ? true
    : p.type === 'number'
      ? (p.min ?? 1)
      : p.type === 'select'
        ? (p.options?.[0] ?? '')
        : p.type === 'multi_text'
          ? [p.key]
          : `<${p.key}>`);

export const TemplateEditor = ({
  template,
  initial,
  categories,
  canWrite,
  onSaved,
  onDeleted,
}: {
  template: ScriptTemplate | null;
  initial: TemplateDraft;
  categories: ScriptCategory[];
  canWrite: boolean;
  onSaved: (template: ScriptTemplate) => void;
  onDeleted: () => void;
}) => {
  const save = useSaveTemplate();
  const remove = useDeleteTemplate();
  const createCategory = useCreateCategory();
  const [draft, setDraft] = useState<TemplateDraft>(initial);
  const [newCategory, setNewCategory] = useState('');
  const [preview, setPreview] = useState<{ body: string | null; errors: { path: string; message: string }[] } | null>(null);
  const set = (patch: Partial<TemplateDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const setParameter = (index: number, patch: Partial<ScriptParameter>) =>
    set({ parameters: draft.parameters.map((p, i) => (i === index ? { ...p, ...patch } : p)) });

  useEffect(() => {
    if (!draft.body.trim()) {
      setPreview(null);
      return;
    }
    const timer = setTimeout(() => {
      previewTemplate({
        language: draft.language,
        body: draft.body,
        parameters: draft.parameters,
        values: Object.fromEntries(draft.parameters.map((p) => [p.key, sampleOf(p)])),
      })
        .then(setPreview)
        .catch((e: Error) => setPreview({ body: null, errors: [{ path: 'parameters', message: e.message }] }));
    }, PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft]);

  const error = save.error instanceof ApiError ? save.error : null;
  return (
    <form
      className="card stack"
      aria-label="Template editor"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ id: template?.id ?? null, draft }, { onSuccess: onSaved });
      }}
    >
      <h2 style={{ margin: 0 }}>{template ? template.name : 'New template'}</h2>
      {template?.provenance.text && <span className="provenance-chip">{template.provenance.text}</span>}
      <div className="form-grid settings-grid">
        <label className="field">
          <span>Name</span>
          <input className="input" value={draft.name} onChange={(e) => set({ name: e.target.value })} disabled={!canWrite} />
          {error?.fieldMessage('name') && <span className="field-error">{error.fieldMessage('name')}</span>}
        </label>
        <div className="field">
          <label htmlFor="template-language">Language</label>
          <select
            id="template-language"
            className="input"
            value={draft.language}
            disabled={!canWrite}
            onChange={(e) => set({ language: e.target.value as ScriptLanguage })}
          >
            <option value="powershell">PowerShell</option>
            <option value="bash">bash</option>
            <option value="cmd">cmd</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="template-category">Category</label>
          <select
            id="template-category"
            className="input"
            value={draft.categoryId ?? ''}
            disabled={!canWrite}
            onChange={(e) => set({ categoryId: e.target.value || null })}
          >
            <option value="">None</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        {canWrite && (
          <div className="field">
            <label htmlFor="template-new-category">New category</label>
            <div className="row" style={{ gap: 6 }}>
              <input id="template-new-category" className="input" value={newCategory} onChange={(e) => setNewCategory(e.target.value)} />
              <button
                type="button"
                className="btn btn-small"
                disabled={!newCategory.trim()}
                onClick={() =>
                  createCategory.mutate(newCategory.trim(), {
                    onSuccess: (c) => {
                      set({ categoryId: c.id });
                      setNewCategory('');
                    },
                  })
                }
              >
                Add
              </button>
            </div>
          </div>
        )}
      </div>
      <label className="field">
        <span>Description</span>
        <input className="input" value={draft.description} onChange={(e) => set({ description: e.target.value })} disabled={!canWrite} />
      </label>
      <label className="field">
        <span>Script (write parameters as {'{{ key }}'}; Flightdeck quotes values for the language)</span>
        <textarea
          className="input mono"
          rows={10}
          value={draft.body}
          onChange={(e) => set({ body: e.target.value })}
          disabled={!canWrite}
          aria-label="Script body"
        />
      </label>
      <section className="stack" aria-label="Parameters">
        <h3 style={{ margin: 0 }}>Parameters</h3>
        {draft.parameters.length === 0 && <p className="faint">No parameters: the script runs as written.</p>}
        {draft.parameters.map((p, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the row is the parameter at this position; its key is being edited
          <div key={index} className="row parameter-row" style={{ gap: 6, flexWrap: 'wrap' }}>
            <input
              className="input mono"
              aria-label="Parameter key"
              value={p.key}
              disabled={!canWrite}
              onChange={(e) => setParameter(index, { key: e.target.value })}
              style={{ width: 150 }}
            />
            <input
              className="input"
              aria-label={`Label of ${p.key}`}
              value={p.label}
              disabled={!canWrite}
              onChange={(e) => setParameter(index, { label: e.target.value })}
            />
            <select
              className="input"
              aria-label={`Type of ${p.key}`}
              value={p.type}
              disabled={!canWrite}
              onChange={(e) => setParameter(index, { type: e.target.value as ScriptParameterType })}
            >
              {TYPES.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
            {p.type === 'select' && (
              <input
                className="input"
                aria-label={`Options of ${p.key}`}
                placeholder="Options, comma-separated"
                value={(p.options ?? []).join(', ')}
                disabled={!canWrite}
                onChange={(e) =>
                  setParameter(index, {
                    options: e.target.value
                      .split(',')
                      .map((o) => o.trim())
                      .filter(Boolean),
                  })
                }
              />
            )}
            <label className="row" style={{ gap: 4 }}>
              <input
                type="checkbox"
                checked={p.required}
                disabled={!canWrite}
                onChange={(e) => setParameter(index, { required: e.target.checked })}
              />
              required
            </label>
            {canWrite && (
              <button
                type="button"
                className="btn btn-small btn-ghost"
                onClick={() => set({ parameters: draft.parameters.filter((_, i) => i !== index) })}
              >
                Remove
              </button>
            )}
            {p.inferred_from && <span className="faint">from {p.inferred_from}</span>}
          </div>
        ))}
        {canWrite && (
          <button
            type="button"
            className="link-button"
            style={{ alignSelf: 'start' }}
            onClick={() =>
              set({
                parameters: [
                  ...draft.parameters,
                  { key: `value_${draft.parameters.length + 1}`, label: 'New value', type: 'text', required: true },
                ],
              })
            }
          >
            + Add a parameter
          </button>
        )}
      </section>
      <section className="stack" aria-label="Preview">
        <h3 style={{ margin: 0 }}>Preview</h3>
        {preview?.body && (
          <pre className="mono lane-output script-output" data-testid="template-preview">
            {preview.body}
          </pre>
        )}
        {preview?.errors.map((e) => (
          <p key={`${e.path}-${e.message}`} className="field-error" style={{ margin: 0 }}>
            {e.path}: {e.message}
          </p>
        ))}
      </section>
      {error && <div className="alert alert-error">{error.message}</div>}
      {canWrite && (
        <div className="row" style={{ gap: 8 }}>
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : template ? 'Save changes' : 'Save template'}
          </button>
          {template && (
            <button type="button" className="btn btn-danger" onClick={() => remove.mutate(template.id, { onSuccess: onDeleted })}>
              Delete
            </button>
          )}
        </div>
      )}
    </form>
  );
};
