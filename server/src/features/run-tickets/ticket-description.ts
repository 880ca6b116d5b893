// B4.4 / B4.5: the title and description of a run's PSA ticket. Deterministic and fixed on
// purpose: the same run always yields the same text, and nothing here is configurable.
export const MAX_LISTED_OBJECTS = 5;
const MAX_MESSAGE_LENGTH = 300;
const MAX_REMARK_LENGTH = 1500;
const MAX_TITLE_LENGTH = 255;

export type TicketRun = {
  customerName: string;
  jobName: string;
  backupType: string;
  status: 'warning' | 'error' | 'missed';
  runAt: Date;
  timezone: string;
  remark: string;
  /** The run's objects that did not succeed, in report order. */
  problemObjects: readonly { name: string; status: string; messages: readonly string[] }[];
  jobDetailsUrl: string;
};

const STATUS_LABEL = { warning: 'Warning', error: 'Error', missed: 'Missed' } as const;

export const ticketTitle = (run: Pick<TicketRun, 'customerName' | 'jobName' | 'status'>) =>
  truncate(`[Flightdeck] ${run.customerName} - ${run.jobName} - ${STATUS_LABEL[run.status]}`, MAX_TITLE_LENGTH);

const truncate = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);

const STACK_LINE =
  /^\s*(at\s+\S+.*\(|at\s+[\w.$<>]+\s*$|---\s*End of .*stack trace|Stack ?trace:|Traceback \(most recent call last\)|File ".*", line \d+)/i;
const LONG_TOKEN = /\S{81,}/g;

/** One readable line of a report message: no stack traces, no raw dumps, bounded length. */
export const cleanMessage = (message: string): string => {
  const kept: string[] = [];
  for (const line of message.split(/\r?\n/)) {
    if (STACK_LINE.test(line)) {
      break;
    }
    kept.push(line);
  }
  return truncate(kept.join(' ').replace(LONG_TOKEN, '[…]').replace(/\s+/g, ' ').trim(), MAX_MESSAGE_LENGTH);
};

const formatRunTime = (at: Date, timeZone: string) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} (${timeZone})`;
};

/** Object lines: identical messages are listed once, objects sharing them on one line. */
const objectLines = (objects: TicketRun['problemObjects']): string[] => {
  const groups = new Map<string, { names: string[]; status: string; messages: string[] }>();
  for (const object of objects) {
    const messages = [...new Set(object.messages.map(cleanMessage).filter(Boolean))];
    const key = `${object.status}|${messages.join('\n')}`;
    const group = groups.get(key);
    if (group) {
      group.names.push(object.name);
    } else {
      groups.set(key, { names: [object.name], status: object.status, messages });
    }
  }
  return [...groups.values()].map((g) => {
    const label = `${g.names.join(', ')} (${g.status})`;
    return g.messages.length ? `- ${label}: ${g.messages.join(' / ')}` : `- ${label}`;
  });
};

export const ticketDescription = (run: TicketRun): string => {
  const lines = [
    `Backup job: ${run.jobName}`,
    `Backup type: ${run.backupType || 'not reported'}`,
    `Run: ${formatRunTime(run.runAt, run.timezone)}`,
    `Status: ${STATUS_LABEL[run.status]}`,
    `Job Details: ${run.jobDetailsUrl}`,
    '',
  ];
  const remark = cleanRemark(run.remark);
  if (run.status === 'missed') {
    // No report arrived: the remark is Flightdeck's own explanation, and there are no objects.
    lines.push(`Remark: ${remark}`);
  } else if (remark) {
    lines.push(`Remark: ${remark}`, 'Multiple objects reported errors. See Flightdeck for full details.');
  } else if (run.problemObjects.length > 0) {
    lines.push('Objects:', ...objectLines(run.problemObjects.slice(0, MAX_LISTED_OBJECTS)));
    const more = run.problemObjects.length - MAX_LISTED_OBJECTS;
    if (more > 0) {
      lines.push(`And ${more} additional objects reported similar errors.`);
    }
  }
  return lines.join('\n').trimEnd();
};

const cleanRemark = (remark: string) =>
  truncate(
    remark
      .split(/\r?\n/)
      .filter((line) => !STACK_LINE.test(line))
      .join(' ')
      .replace(LONG_TOKEN, '[…]')
      .replace(/\s+/g, ' ')
      .trim(),
    MAX_REMARK_LENGTH,
  );

/** B3.3: the Job Details page of a run under the configured base URL. */
export const jobDetailsUrl = (baseUrl: string, jobId: string, runId: string) =>
  `${baseUrl.replace(/\/+$/, '')}/jobs/${encodeURIComponent(jobId)}/runs/${encodeURIComponent(runId)}`;
