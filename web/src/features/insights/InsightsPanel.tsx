// I4 on the customer page: what the MSP knows about this customer's environment — listed by
// priority, added, edited and retired. The pilot reads them in every session of the customer.
import { useState } from 'react';
import type { Insight, InsightCategory, InsightConfidence } from '@/app/api-types';
import {
  INSIGHT_CATEGORY_LABELS,
  type InsightDraft,
  useCreateInsight,
  useInsights,
  useRetireInsight,
  useUpdateInsight,
} from './useInsights';

const BLANK: InsightDraft = { category: 'command_constraints', confidence: 'confirmed', priority: 5, text: '' };

const InsightFields = ({ draft, onChange }: { draft: InsightDraft; onChange: (draft: InsightDraft) => void }) => (
  <div className="row" style={{ gap: 6, flexWrap: 'wrap' }}>
    <select
      className="input"
      aria-label="Category"
      value={draft.category}
      onChange={(e) => onChange({ ...draft, category: e.target.value as InsightCategory })}
    >
      {Object.entries(INSIGHT_CATEGORY_LABELS).map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </select>
    <select
      className="input"
      aria-label="Confidence"
      value={draft.confidence}
      onChange={(e) => onChange({ ...draft, confidence: e.target.value as InsightConfidence })}
    >
      <option value="confirmed">confirmed</option>
      <option value="likely">likely</option>
      <option value="suspected">suspected</option>
    </select>
    <input
      className="input"
      type="number"
      min={1}
      max={10}
      aria-label="Priority"
      value={draft.priority}
      onChange={(e) => onChange({ ...draft, priority: Number(e.target.value) })}
      style={{ width: 80 }}
    />
  </div>
);

const InsightRow = ({ insight, canEdit }: { insight: Insight; canEdit: boolean }) => {
  const update = useUpdateInsight(insight.customerId);
  const retire = useRetireInsight(insight.customerId);
  const [editing, setEditing] = useState<InsightDraft | null>(null);
  return (
    <li className="insight-row" data-testid="insight-row">
      {editing ? (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            update.mutate({ id: insight.id, ...editing }, { onSuccess: () => setEditing(null) });
          }}
        >
          <InsightFields draft={editing} onChange={setEditing} />
          <textarea
            className="input"
            rows={2}
            aria-label="Insight"
            value={editing.text}
            onChange={(e) => setEditing({ ...editing, text: e.target.value })}
          />
          <div className="row" style={{ gap: 6 }}>
            <button type="submit" className="btn btn-small btn-primary" disabled={!editing.text.trim() || update.isPending}>
              Save
            </button>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          <p style={{ margin: 0 }}>{insight.text}</p>
          <div className="row faint" style={{ justifyContent: 'space-between', fontSize: 12 }}>
            <span>
              {INSIGHT_CATEGORY_LABELS[insight.category]} · {insight.confidence} · priority {insight.priority}
              {insight.sourceSessionId ? ' · from a FlowPilot session' : ''}
              {insight.createdByName ? ` · ${insight.createdByName}` : ''}
            </span>
            {canEdit && (
              <span className="row" style={{ gap: 6 }}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() =>
                    setEditing({
                      category: insight.category,
                      confidence: insight.confidence,
                      priority: insight.priority,
                      text: insight.text,
                    })
                  }
                >
                  Edit
                </button>
                <button type="button" className="link-button" onClick={() => retire.mutate(insight.id)}>
                  Retire
                </button>
              </span>
            )}
          </div>
        </>
      )}
    </li>
  );
};

export const InsightsPanel = ({ customerId, canEdit }: { customerId: string; canEdit: boolean }) => {
  const insights = useInsights(customerId);
  const create = useCreateInsight(customerId);
  const [draft, setDraft] = useState<InsightDraft | null>(null);
  return (
    <section className="card stack" aria-label="Environment insights">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 style={{ margin: 0 }}>Environment insights</h2>
        {canEdit && draft === null && (
          <button type="button" className="btn btn-small" onClick={() => setDraft(BLANK)}>
            Add insight
          </button>
        )}
      </div>
      <p className="faint" style={{ margin: 0 }}>
        What FlowPilot knows about this customer in every session: restrictions, versions, how things are set up.
      </p>
      {draft && (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate(draft, { onSuccess: () => setDraft(null) });
          }}
        >
          <InsightFields draft={draft} onChange={setDraft} />
          <textarea
            className="input"
            rows={2}
            aria-label="New insight"
            value={draft.text}
            onChange={(e) => setDraft({ ...draft, text: e.target.value })}
          />
          <div className="row" style={{ gap: 6 }}>
            <button type="submit" className="btn btn-small btn-primary" disabled={!draft.text.trim() || create.isPending}>
              Save insight
            </button>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
          {create.error && <div className="alert alert-error">{create.error.message}</div>}
        </form>
      )}
      {insights.isPending && <p className="faint">Loading insights…</p>}
      {insights.data?.length === 0 && <p className="faint">Nothing recorded yet. Save a fact from a FlowPilot session, or add one here.</p>}
      <ul className="lane-list">
        {insights.data?.map((insight) => (
          <InsightRow key={insight.id} insight={insight} canEdit={canEdit} />
        ))}
      </ul>
    </section>
  );
};
