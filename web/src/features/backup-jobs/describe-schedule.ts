import type { JobSchedule } from '@/app/types';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export const describeSchedule = (schedule: JobSchedule | null) => {
  if (!schedule) {
    return 'Not known yet (learned after 3 runs)';
  }
  switch (schedule.kind) {
    case 'daily':
      return `Daily at ${schedule.time}`;
    case 'weekly':
      return `${schedule.days.map((d) => DAYS[d - 1]).join(', ')} at ${schedule.time}`;
    case 'monthly':
      return `Monthly on the ${schedule.dates.join(', ')} at ${schedule.time}`;
  }
};
