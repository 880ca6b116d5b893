// Issue 20 (B15): Settings → Notifications, for admins: outgoing mail, channels, alert rules, what
// was sent, and the branding of customer reports.
import type { Session } from '@/app/api-types';
import { BrandingPanel } from './BrandingPanel';
import { ChannelsPanel } from './ChannelsPanel';
import { DeliveryLog } from './DeliveryLog';
import { RulesPanel } from './RulesPanel';
import { SmtpPanel } from './SmtpPanel';

export const NotificationsPage = ({ session }: { session: Session }) => (
  <div className="stack" style={{ maxWidth: 960 }}>
    <div className="page-header">
      <div>
        <h1>Notifications</h1>
        <p className="muted" style={{ margin: '4px 0 0' }}>
          Alerts to e-mail, Teams, Slack and webhooks; daily digests are chosen by each user in Preferences.
        </p>
      </div>
    </div>
    <SmtpPanel adminEmail={session.user.email} />
    <ChannelsPanel />
    <RulesPanel />
    <DeliveryLog />
    <BrandingPanel />
  </div>
);
