// Issue 11: "Try a report mail" — an admin drops a mail and sees which parser matched and what it
// read (job, status, times, remark, objects), or why no parser understood it. Nothing is stored.
import { Flask } from '@phosphor-icons/react';
import { type DragEvent, useRef, useState } from 'react';
import { formatDateTime } from '@/app/format';
import { RunStatusBadge } from '@/features/backup-jobs/RunStatusBadge';
import { useTryMail } from './useReportMails';

const when = (iso?: string) => (iso ? formatDateTime(iso) : '—');

export const TryReportMail = () => {
  const input = useRef<HTMLInputElement>(null);
  const tryMail = useTryMail();
  const [fileName, setFileName] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const start = (file: File | undefined) => {
    if (file) {
      setFileName(file.name);
      tryMail.mutate(file);
    }
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    start(event.dataTransfer.files[0]);
  };
  const result = tryMail.data;
  return (
    <section className="card stack" aria-label="Try a report mail" data-testid="try-report-mail">
      <h2>Try a report mail</h2>
      <p className="muted" style={{ margin: 0 }}>
        Drop a report mail (.eml) to see which parser reads it and what it reads. Nothing is stored.
      </p>
      {/* The drop target; keyboard users take the button inside. */}
      <fieldset
        aria-label="Drop a report mail here"
        className={`drop-zone${dragging ? ' dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
      >
        <input
          ref={input}
          type="file"
          accept=".eml,message/rfc822"
          hidden
          aria-label="Report mail to try"
          onChange={(e) => {
            start(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        <button type="button" className="btn" onClick={() => input.current?.click()} disabled={tryMail.isPending}>
          <Flask size={16} weight="duotone" aria-hidden /> {tryMail.isPending ? 'Reading…' : 'Choose a mail'}
        </button>
        <span className="faint">or drop it here</span>
      </fieldset>
      {tryMail.error && (
        <div className="alert alert-error" role="alert">
          {tryMail.error.message}
        </div>
      )}
      {result && (
        <div className="stack" data-testid="try-result">
          <p style={{ margin: 0 }}>
            <span className="mono">{fileName}</span>:{' '}
            {result.parser ? (
              <>
                read by <strong>{result.parser.label}</strong> <span className="faint mono">({result.parser.id})</span>
              </>
            ) : (
              'no parser matched'
            )}
          </p>
          {result.error && <div className="alert alert-error">{result.error}</div>}
          {result.runs.map((run) => (
            // A run is one job's session: job name and start identify it within one mail.
            <div key={`${run.job.type}|${run.job.name}|${run.startedAt ?? run.endedAt}`} className="stack" style={{ gap: 6 }}>
              <div className="row" style={{ gap: 8, flexWrap: 'wrap' }}>
                <RunStatusBadge status={run.status} />
                <strong>{run.job.name}</strong>
                <span className="faint">
                  {run.job.software}
                  {run.job.type ? ` · ${run.job.type}` : ''} · {when(run.startedAt)} → {when(run.endedAt)}
                </span>
              </div>
              {run.remark && (
                <pre className="mono" style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                  {run.remark}
                </pre>
              )}
              {run.objects.length > 0 && (
                <table className="table">
                  <thead>
                    <tr>
                      <th>Object</th>
                      <th>Type</th>
                      <th>Status</th>
                      <th>Messages</th>
                    </tr>
                  </thead>
                  <tbody>
                    {run.objects.map((o) => (
                      <tr key={o.name}>
                        <td className="mono">{o.name}</td>
                        <td>{o.type}</td>
                        <td>
                          <RunStatusBadge status={o.status} />
                        </td>
                        <td>{o.messages.join(' · ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          ))}
        </div>
      )}
    </section>
  );
};
