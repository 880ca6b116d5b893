// Issue 20 (B15.2): a customer's monthly backup report — download as PDF or CSV for any month
// up to this one; admins choose a contact who gets last month's report on the 1st.
import { FileCsv, FilePdf } from '@phosphor-icons/react';
import { useEffect, useState } from 'react';
import { ApiError } from '@/app/api';
import { useReportRecipient, useSaveReportRecipient } from './useNotifications';

const thisMonth = () => new Date().toISOString().slice(0, 7);
const lastMonth = () => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
};

export const CustomerReportPanel = ({ customerId, isAdmin }: { customerId: string; isAdmin: boolean }) => {
  const [month, setMonth] = useState(lastMonth);
  const recipient = useReportRecipient(customerId);
  const save = useSaveReportRecipient(customerId);
  const [email, setEmail] = useState<string | null>(null);
  const [monthly, setMonthly] = useState(false);
  useEffect(() => {
    if (recipient.data && email === null) {
      setEmail(recipient.data.reportEmail ?? '');
      setMonthly(recipient.data.reportMonthly);
    }
  }, [recipient.data, email]);
  const base = `/api/v1/customers/${customerId}/reports/${month}`;
  const error = save.error instanceof ApiError ? save.error : null;
  return (
    <section className="card stack" aria-label="Monthly report">
      <h2 style={{ margin: 0 }}>Monthly report</h2>
      <div className="row">
        <input
          className="input"
          type="month"
          aria-label="Report month"
          value={month}
          max={thisMonth()}
          onChange={(e) => setMonth(e.target.value)}
          style={{ maxWidth: 180 }}
        />
        <a className="btn" href={`${base}/pdf`} download>
          <FilePdf size={16} /> PDF
        </a>
        <a className="btn" href={`${base}/csv`} download>
          <FileCsv size={16} /> CSV
        </a>
      </div>
      {isAdmin && email !== null && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ reportEmail: email.trim() || null, reportMonthly: monthly });
          }}
        >
          <input
            className="input"
            type="email"
            aria-label="Report contact"
            placeholder="it@customer.example"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            style={{ maxWidth: 280 }}
          />
          <label className="row" style={{ gap: 6 }}>
            <input type="checkbox" checked={monthly} onChange={(e) => setMonthly(e.target.checked)} /> Mail last month's report on the 1st
          </label>
          <button type="submit" className="btn" disabled={save.isPending}>
            Save
          </button>
          {save.isSuccess && !save.isPending && <span className="faint">Saved.</span>}
        </form>
      )}
      {error && <div className="alert alert-error">{error.fieldErrors.map((f) => f.message).join('; ') || error.message}</div>}
    </section>
  );
};
