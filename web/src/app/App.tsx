import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { ApiKeysPage } from '@/features/api-keys/ApiKeysPage';
import { LoginPage } from '@/features/auth/LoginPage';
import { CustomerJobsPage } from '@/features/backup-jobs/CustomerJobsPage';
import { InboxPage } from '@/features/backup-jobs/InboxPage';
import { JobDetailsPage } from '@/features/backup-jobs/JobDetailsPage';
import { BackupsPage } from '@/features/backups/BackupsPage';
import { CustomersPage } from '@/features/customers/CustomersPage';
import { HomePage } from '@/features/home/HomePage';
import { IntegrationsPage } from '@/features/integrations/IntegrationsPage';
import { NotificationsPage } from '@/features/notifications/NotificationsPage';
import { JobHistoryPage } from '@/features/job-history/JobHistoryPage';
import { PilotPage } from '@/features/pilot/PilotPage';
import { RunChecksPage } from '@/features/run-checks/RunChecksPage';
import { ScriptLibraryPage } from '@/features/scripts/ScriptLibraryPage';
import { PreferencesPage } from '@/features/users/PreferencesPage';
import { UsersPage } from '@/features/users/UsersPage';
import { NotFoundPage } from './NotFoundPage';
import { RequireRole } from './RequireRole';
import { Shell } from './Shell';
import { useSession } from './useSession';

const queryClient = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false } } });

const Routed = () => {
  const session = useSession();
  if (session.isPending) {
    return <div className="login-page muted">Loading…</div>;
  }
  if (!session.data) {
    return (
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="*" element={<Navigate to="/login" replace />} />
      </Routes>
    );
  }
  return (
    <Routes>
      <Route path="/login" element={<Navigate to="/" replace />} />
      <Route element={<Shell session={session.data} />}>
        <Route index element={<HomePage session={session.data} />} />
        <Route
          path="/settings/users"
          element={
            <RequireRole session={session.data} allowed="admin">
              <UsersPage session={session.data} />
            </RequireRole>
          }
        />
        <Route
          path="/settings/api-keys"
          element={
            <RequireRole session={session.data} allowed="admin">
              <ApiKeysPage />
            </RequireRole>
          }
        />
        <Route path="/customers" element={<CustomersPage session={session.data} />} />
        <Route path="/customers/:customerId/jobs" element={<CustomerJobsPage session={session.data} />} />
        <Route path="/inbox" element={<InboxPage session={session.data} />} />
        <Route path="/run-checks" element={<RunChecksPage session={session.data} />} />
        <Route path="/pilot" element={<PilotPage session={session.data} />} />
        <Route path="/pilot/:sessionId" element={<PilotPage session={session.data} />} />
        <Route path="/jobs/:jobId/runs/:runId" element={<JobDetailsPage />} />
        <Route path="/jobs/:jobId" element={<JobHistoryPage />} />
        <Route path="/scripts" element={<ScriptLibraryPage session={session.data} />} />
        <Route path="/scripts/:templateId" element={<ScriptLibraryPage session={session.data} />} />
        <Route
          path="/settings/integrations"
          element={
            <RequireRole session={session.data} allowed="admin">
              <IntegrationsPage />
            </RequireRole>
          }
        />
        <Route
          path="/settings/notifications"
          element={
            <RequireRole session={session.data} allowed="admin">
              <NotificationsPage session={session.data} />
            </RequireRole>
          }
        />
        <Route path="/settings/preferences" element={<PreferencesPage session={session.data} />} />
        <Route
          path="/settings/backups"
          element={
            <RequireRole session={session.data} allowed="admin">
              <BackupsPage />
            </RequireRole>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
};

export const App = () => (
  <QueryClientProvider client={queryClient}>
    <BrowserRouter>
      <Routed />
    </BrowserRouter>
  </QueryClientProvider>
);
