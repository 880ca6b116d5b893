import { useState } from 'react';
import { ConfirmDialog } from '@/app/ConfirmDialog';
import { formatDate, formatDateTime } from '@/app/format';
import type { Session } from '@/app/api-types';
import { useDeleteOverride, useOverrides } from './useRunChecks';

const MODE_TEXT = { contains: 'contains', exact: 'is', starts_with: 'starts with', ends_with: 'ends with' } as const;

const scopeOf = (o: { level: string; customerName: string | null; jobName: string | null; objectName: string | null }) =>
  o.level === 'global' ? 'Every job' : `${o.customerName ?? ''} · ${o.jobName ?? ''}${o.level === 'object' ? ` · ${o.objectName}` : ''}`;

/** B3: the overrides in force; operators create them from a run, admins delete them. */
export const OverridesPanel = ({ session }: { session: Session }) => {
  const overrides = useOverrides();
  const remove = useDeleteOverride();
  const [confirming, setConfirming] = useState<{ id: string; scope: string } | null>(null);
  return (
    <div className="card">
      <ConfirmDialog
        open={confirming !== null}
        title="Delete this override?"
        confirmLabel="Delete override"
        tone="danger"
        busy={remove.isPending}
        onConfirm={() => confirming && remove.mutate(confirming.id, { onSettled: () => setConfirming(null) })}
        onCancel={() => setConfirming(null)}
      >
        <p>
          Runs of {confirming?.scope} that it would have treated as success will wait on the board again from the next run on. Runs it
          already reviewed stay reviewed.
        </p>
      </ConfirmDialog>
      {overrides.isPending && <p className="muted">Loading…</p>}
      {overrides.error && <div className="alert alert-error">{overrides.error.message}</div>}
      {overrides.data?.length === 0 && (
        <p className="muted">No overrides. After "Mark as success" on a run, you can treat runs like it as success from then on.</p>
      )}
      {overrides.data && overrides.data.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Applies to</th>
              <th>When</th>
              <th>Window</th>
              <th>Reason</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {overrides.data.map((o) => (
              <tr key={o.id}>
                <td>{scopeOf(o)}</td>
                <td>
                  {o.statuses.length ? o.statuses.join(', ') : 'any problem'}
                  {o.matchText ? ` · message ${MODE_TEXT[o.matchMode]} "${o.matchText}"` : ''}
                </td>
                <td className="faint">
                  {o.validFrom ? formatDateTime(o.validFrom) : 'always'}
                  {o.validUntil ? ` → ${formatDateTime(o.validUntil)}` : ''}
                </td>
                <td>
                  {o.reason}
                  <div className="faint">
                    {o.createdByName ?? 'someone'}, {formatDate(o.createdAt)}
                  </div>
                </td>
                <td>
                  {session.user.role === 'admin' && (
                    <button
                      type="button"
                      className="btn btn-small btn-danger"
                      disabled={remove.isPending}
                      onClick={() => setConfirming({ id: o.id, scope: scopeOf(o) })}
                    >
                      Delete…
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
};
