// The Script Library (P7, rail "Scripts"): the team's templates with search and a category
// filter, each with its provenance chip, the pending-drafts count, and the editor. `/scripts/new`
// opened from "Build as template now" starts from the extraction's proposal.
import { useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import type { ScriptProposal, Session } from '@/app/api-types';
import { TemplateEditor } from './TemplateEditor';
import { type TemplateDraft, usePendingDrafts, useTemplates } from './useScripts';

const BLANK: TemplateDraft = { name: '', description: '', categoryId: null, language: 'powershell', body: '', parameters: [] };
const LANGUAGE_NAMES = { powershell: 'PowerShell', bash: 'bash', cmd: 'cmd' } as const;

export const ScriptLibraryPage = ({ session }: { session: Session }) => {
  const { templateId } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const proposal = (location.state as { proposal?: ScriptProposal } | null)?.proposal;
  const [search, setSearch] = useState('');
  const [categoryId, setCategoryId] = useState('');
  const templates = useTemplates({ search, categoryId });
  const drafts = usePendingDrafts();
  const canWrite = session.user.role !== 'reporter';
  const creating = templateId === 'new';
  const selected = templates.data?.templates.find((t) => t.id === templateId) ?? null;
  const list = templates.data?.templates ?? [];

  return (
    <div className="stack">
      <div className="page-header">
        <h1>Script Library</h1>
        <div className="row" style={{ gap: 8 }}>
          <span className="chip" data-testid="pending-drafts" title="Scripts from resolved sessions, waiting to become team templates">
            {templates.data?.pendingDrafts ?? 0} pending draft{templates.data?.pendingDrafts === 1 ? '' : 's'}
          </span>
          {canWrite && (
            <button type="button" className="btn btn-primary" onClick={() => void navigate('/scripts/new')}>
              New template
            </button>
          )}
        </div>
      </div>
      <div className="script-library">
        <section className="stack" aria-label="Templates">
          <div className="row" style={{ gap: 8 }}>
            <input
              className="input"
              aria-label="Search templates"
              placeholder="Search name, description, script"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
            <select className="input" aria-label="Category" value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
              <option value="">All categories</option>
              {templates.data?.categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          {templates.isPending && <p className="faint">Loading templates…</p>}
          {templates.data && list.length === 0 && (
            <div className="card stack" data-testid="library-empty">
              <strong>{search || categoryId ? 'No template matches.' : 'No templates yet.'}</strong>
              <span className="faint">
                {search || categoryId
                  ? 'Try another word or category.'
                  : 'Write one here, or choose “Run now, templatize after resolve” on a fix: what worked becomes a template.'}
              </span>
            </div>
          )}
          {list.map((t) => (
            <button
              key={t.id}
              type="button"
              className={`template-row${t.id === templateId ? ' selected' : ''}`}
              data-testid="template-row"
              onClick={() => void navigate(`/scripts/${t.id}`)}
            >
              <strong>{t.name}</strong>
              <span className="faint">
                {LANGUAGE_NAMES[t.language]}
                {t.categoryName ? ` · ${t.categoryName}` : ''} · {t.parameters.length} parameter{t.parameters.length === 1 ? '' : 's'}
              </span>
              <span className="provenance-chip" data-testid="provenance-chip">
                {t.provenance.text}
              </span>
            </button>
          ))}
          {drafts.data && drafts.data.drafts.length > 0 && (
            <section className="card stack" aria-label="Pending drafts">
              <strong>Pending drafts</strong>
              {drafts.data.drafts.map((d) => (
                <span key={d.id} className="faint">
                  {d.proposedName ?? 'Untitled'} · {d.provenanceText}
                </span>
              ))}
              <span className="faint">They are offered to the engineer after Resolve.</span>
            </section>
          )}
        </section>
        {!creating && !selected && templates.data && list.length > 0 && (
          <div className="card faint">Pick a template to read or change it{canWrite ? ', or write a new one' : ''}.</div>
        )}
        {(creating || selected) && templates.data && (
          <TemplateEditor
            key={creating ? 'new' : selected?.id}
            template={creating ? null : selected}
            initial={
              creating
                ? proposal
                  ? { ...BLANK, name: '', body: proposal.body, parameters: proposal.parameters }
                  : BLANK
                : {
                    name: selected?.name ?? '',
                    description: selected?.description ?? '',
                    categoryId: selected?.categoryId ?? null,
                    language: selected?.language ?? 'powershell',
                    body: selected?.body ?? '',
                    parameters: selected?.parameters ?? [],
                  }
            }
            categories={templates.data.categories}
            canWrite={canWrite}
            onSaved={(t) => void navigate(`/scripts/${t.id}`, { replace: true })}
            onDeleted={() => void navigate('/scripts')}
          />
        )}
      </div>
    </div>
  );
};
