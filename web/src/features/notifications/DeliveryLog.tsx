// Issue 20: every message sent or tried, newest first: queued, sent, failed (with the answer) or
// held back by a channel's hourly limit.
import type { NotificationDelivery } from '@/app/api-types';
import { formatDateTime } from '@/app/format';
import { useDeliveries } from './useNotifications';

const BADGE: Record<NotificationDelivery['status'], string> = {
  queued: 'badge',
  sent: 'badge badge-success',
  failed: 'badge badge-danger',
  rate_limited: 'badge badge-warning',
};

export const DeliveryLog = () => {
  const deliveries = useDeliveries();
  return (
    <section className="card stack" aria-label="Delivery log">
      <h2 style={{ margin: 0 }}>Sent messages</h2>
      {deliveries.error && <div className="alert alert-error">{deliveries.error.message}</div>}
      {deliveries.data?.length === 0 && <p className="muted">Nothing sent yet.</p>}
      {deliveries.data && deliveries.data.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>When</th>
              <th>What</th>
              <th>To</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.data.map((d) => (
              <tr key={d.id} data-testid="delivery">
                <td>{formatDateTime(d.createdAt)}</td>
                <td>
                  {d.subject}
                  <div className="faint" style={{ fontSize: 12 }}>
                    {d.event}
                  </div>
                </td>
                <td>{d.channel ?? d.recipients.join(', ')}</td>
                <td>
                  <span className={BADGE[d.status]}>{d.status.replace('_', ' ')}</span>
                  {d.attempts > 1 && <span className="faint"> · {d.attempts} attempts</span>}
                  {d.lastError && (
                    <div className="faint" style={{ fontSize: 12 }}>
                      {d.lastError}
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
};
