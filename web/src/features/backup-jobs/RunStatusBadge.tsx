import type { RunStatus } from '@/app/api-types';

const LABEL: Record<RunStatus, string> = { success: 'Success', warning: 'Warning', error: 'Error', missed: 'Missed' };

export const RunStatusBadge = ({ status }: { status: RunStatus }) => (
  <span className={`badge run-${status}`} data-testid="run-status">
    {LABEL[status]}
  </span>
);
