import { type FormEvent, useState } from 'react';
import { Toggle } from '@/app/Toggle';
import type { BackupJob, JobSchedule } from '@/app/types';
import { useSetSchedule } from './useBackupJobs';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
type Kind = 'learn' | JobSchedule['kind'];

/** B2.4: set a job's schedule by hand (or let Flightdeck learn it), its timezone and grace window. */
export const ScheduleEditor = ({ job, onDone }: { job: BackupJob; onDone: () => void }) => {
  const save = useSetSchedule(job.customerId ?? '');
  const current = job.scheduleSource === 'manual' ? job.schedule : null;
  const [kind, setKind] = useState<Kind>(current?.kind ?? 'learn');
  const [time, setTime] = useState(job.schedule?.time ?? '22:00');
  const [days, setDays] = useState<number[]>(current?.kind === 'weekly' ? current.days : [1, 2, 3, 4, 5]);
  const [dates, setDates] = useState(current?.kind === 'monthly' ? current.dates.join(', ') : '1');
  const [timezone, setTimezone] = useState(job.timezone);
  const [grace, setGrace] = useState(String(job.graceMinutes));

  const schedule = (): JobSchedule | null => {
    switch (kind) {
      case 'learn':
        return null;
      case 'daily':
        return { kind, time };
      case 'weekly':
        return { kind, days, time };
      case 'monthly':
        return { kind, time, dates: dates.split(/[ ,]+/).filter(Boolean).map(Number) };
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ jobId: job.id, schedule: schedule(), timezone, graceMinutes: Number(grace) }, { onSuccess: onDone });
  };

  return (
    <form className="stack" onSubmit={submit} aria-label={`Schedule of ${job.name}`}>
      <div className="row">
        <select className="input" aria-label="Schedule" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          <option value="learn">Learn from the runs</option>
          <option value="daily">Daily</option>
          <option value="weekly">Weekly</option>
          <option value="monthly">Monthly</option>
        </select>
        {kind !== 'learn' && (
          <input className="input" type="time" aria-label="Report time" value={time} onChange={(e) => setTime(e.target.value)} required />
        )}
        {kind === 'weekly' &&
          DAYS.map((label, index) => (
            <Toggle
              key={label}
              checked={days.includes(index + 1)}
              onChange={(on) => setDays(on ? [...days, index + 1].sort() : days.filter((d) => d !== index + 1))}
            >
              {label}
            </Toggle>
          ))}
        {kind === 'monthly' && (
          <input
            className="input"
            aria-label="Dates of the month"
            value={dates}
            onChange={(e) => setDates(e.target.value)}
            placeholder="1, 15"
          />
        )}
        <input
          className="input"
          aria-label="Timezone"
          value={timezone}
          onChange={(e) => setTimezone(e.target.value)}
          placeholder="Europe/Amsterdam"
        />
        <input
          className="input"
          type="number"
          min={0}
          max={10080}
          aria-label="Grace minutes"
          value={grace}
          onChange={(e) => setGrace(e.target.value)}
          style={{ width: 110 }}
        />
        <span className="faint">min grace</span>
        <button className="btn btn-primary btn-small" type="submit" disabled={save.isPending}>
          Save
        </button>
        <button className="btn btn-small" type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
      {save.error && <div className="alert alert-error">{save.error.message}</div>}
    </form>
  );
};
