import { type FormEvent, useState } from 'react';
import { Toggle } from '@/app/Toggle';
import type { BackupJob, JobSchedule } from '@/app/api-types';
import { useSetSchedule } from './useBackupJobs';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
type Kind = 'learn' | JobSchedule['kind'];

const timesOf = (schedule: JobSchedule | null) => (schedule && 'times' in schedule ? schedule.times.join(', ') : '22:00');

/** B2.4 / issue 12: set a job's schedule by hand (or let Flightdeck learn it), its timezone and grace window. */
export const ScheduleEditor = ({ job, onDone }: { job: BackupJob; onDone: () => void }) => {
  const save = useSetSchedule(job.customerId ?? '');
  const current = job.scheduleSource === 'manual' ? job.schedule : null;
  const [kind, setKind] = useState<Kind>(current?.kind ?? 'learn');
  const [times, setTimes] = useState(timesOf(job.schedule));
  const [everyHours, setEveryHours] = useState(current?.kind === 'interval' ? String(current.everyHours) : '6');
  const [anchor, setAnchor] = useState(current?.kind === 'interval' ? current.anchor : '00:00');
  const [days, setDays] = useState<number[]>(current?.kind === 'weekly' ? current.days : [1, 2, 3, 4, 5]);
  const [dates, setDates] = useState(current?.kind === 'monthly' ? current.dates.join(', ') : '1');
  const [lastDay, setLastDay] = useState(current?.kind === 'monthly' ? current.lastDay : false);
  const [timezone, setTimezone] = useState(job.timezone);
  const [grace, setGrace] = useState(String(job.graceMinutes));

  const timeList = () =>
    times
      .split(/[ ,]+/)
      .map((t) => t.trim())
      .filter(Boolean)
      .map((t) => (/^\d:\d\d$/.test(t) ? `0${t}` : t));
  const schedule = (): JobSchedule | null => {
    switch (kind) {
      case 'learn':
        return null;
      case 'on_demand':
        return { kind };
      case 'interval':
        return { kind, everyHours: Number(everyHours), anchor };
      case 'daily':
        return { kind, times: timeList() };
      case 'weekly':
        return { kind, days, times: timeList() };
      case 'monthly':
        return { kind, times: timeList(), lastDay, dates: dates.split(/[ ,]+/).filter(Boolean).map(Number) };
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ jobId: job.id, schedule: schedule(), timezone, graceMinutes: Number(grace) }, { onSuccess: onDone });
  };

  return (
    <form className="stack" onSubmit={submit} aria-label={`Schedule of ${job.name}`}>
      <div className="row" style={{ flexWrap: 'wrap' }}>
        <select className="input" aria-label="Schedule" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          <option value="learn">Learn from the runs</option>
          <option value="daily">Daily at fixed times</option>
          <option value="interval">Every N hours</option>
          <option value="weekly">On chosen weekdays</option>
          <option value="monthly">Monthly</option>
          <option value="on_demand">Only when triggered (no missed-run checks)</option>
        </select>
        {['daily', 'weekly', 'monthly'].includes(kind) && (
          <input
            className="input"
            aria-label="Report times"
            value={times}
            onChange={(e) => setTimes(e.target.value)}
            placeholder="12:00, 23:00"
            style={{ width: 160 }}
            required
          />
        )}
        {kind === 'interval' && (
          <>
            <span className="faint">every</span>
            <input
              className="input"
              type="number"
              min={1}
              max={23}
              aria-label="Every how many hours"
              value={everyHours}
              onChange={(e) => setEveryHours(e.target.value)}
              style={{ width: 80 }}
            />
            <span className="faint">hours from</span>
            <input
              className="input"
              type="time"
              aria-label="First run of the day"
              value={anchor}
              onChange={(e) => setAnchor(e.target.value)}
            />
          </>
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
          <>
            <input
              className="input"
              aria-label="Dates of the month"
              value={dates}
              onChange={(e) => setDates(e.target.value)}
              placeholder="1, 15"
              style={{ width: 110 }}
            />
            <Toggle checked={lastDay} onChange={setLastDay}>
              Last day of the month
            </Toggle>
          </>
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
