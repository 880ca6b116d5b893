import { Toggle } from '@/app/Toggle';
import type { ApiLogLevel, Integration } from '@/app/api-types';
import { Field } from './Field';
import type { Draft } from './integration-draft';

/** B8.3 and B8.4: resolve rules (the note texts are fixed) and the audit-log level. */
export const ResolveFields = ({
  integration,
  draft,
  onChange,
}: {
  integration: Integration;
  draft: Draft;
  onChange: (update: (draft: Draft) => Draft) => void;
}) => (
  <section className="stack" aria-label="Resolve and logging">
    <h3>Resolving and logging</h3>
    <Toggle checked={draft.allowResolving} onChange={(value) => onChange((d) => ({ ...d, allowResolving: value }))}>
      Allow resolving tickets from Flightdeck
    </Toggle>
    <Toggle checked={draft.allowManualTicketNumbers} onChange={(value) => onChange((d) => ({ ...d, allowManualTicketNumbers: value }))}>
      Allow manual ticket number entry while the integration is enabled
    </Toggle>
    <div className="fixed-texts">
      <p className="faint" style={{ margin: 0, fontSize: 12 }}>
        Internal notes Flightdeck writes on Resolve (fixed, not configurable):
      </p>
      <blockquote>
        <strong>No time entries:</strong> {integration.resolveNoteTexts.noTimeEntries}
      </blockquote>
      <blockquote>
        <strong>Time entries present (the ticket stays open):</strong> {integration.resolveNoteTexts.timeEntriesPresent}
      </blockquote>
    </div>
    <Field id={`${integration.kind}-log-level`} label="API logging level" hint="What the external call log keeps for this PSA.">
      <select
        id={`${integration.kind}-log-level`}
        className="input"
        style={{ maxWidth: 240 }}
        value={draft.apiLogLevel}
        onChange={(e) => {
          const value = e.target.value;
          onChange((d) => ({ ...d, apiLogLevel: value as ApiLogLevel }));
        }}
      >
        <option value="off">Off</option>
        <option value="errors">Errors only</option>
        <option value="all">All calls</option>
      </select>
    </Field>
  </section>
);
