import { UploadSimple } from '@phosphor-icons/react';
import { useRef } from 'react';
import { type UploadOutcome, useUploadMails } from './useReportMails';

const describe = (r: UploadOutcome) => {
  if (r.error) {
    return `${r.file}: ${r.error}`;
  }
  const result = r.result;
  if (!result) {
    return r.file;
  }
  if (result.alreadyReceived) {
    return `${r.file}: already received earlier (${result.status}).`;
  }
  if (result.status !== 'parsed') {
    return `${r.file}: kept but not understood — ${result.reason}`;
  }
  const inbox = result.runs.filter((run) => run.routedTo === 'inbox').length;
  return `${r.file}: ${result.runCount} run${result.runCount === 1 ? '' : 's'} read${inbox ? `, ${inbox} waiting in the Inbox` : ''}.`;
};

/** B2.3: upload one or more report mails (.eml). */
export const MailUpload = () => {
  const input = useRef<HTMLInputElement>(null);
  const upload = useUploadMails();
  return (
    <div className="stack" style={{ gap: 8 }}>
      <div className="row">
        <input
          ref={input}
          type="file"
          accept=".eml,message/rfc822"
          multiple
          hidden
          aria-label="Report mail files"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            if (files.length) {
              upload.mutate(files);
            }
            e.target.value = '';
          }}
        />
        <button type="button" className="btn" onClick={() => input.current?.click()} disabled={upload.isPending}>
          <UploadSimple size={16} weight="duotone" /> {upload.isPending ? 'Reading…' : 'Upload report mails (.eml)'}
        </button>
      </div>
      {upload.data?.map((r) => (
        <div
          key={r.file}
          className={`alert ${r.error || r.result?.status !== 'parsed' ? 'alert-error' : 'alert-success'}`}
          role="status"
          data-testid="upload-result"
        >
          {describe(r)}
        </div>
      ))}
    </div>
  );
};
