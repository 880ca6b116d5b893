// B2/B3.3 inbox matching: a job is identified by who reports it (ingestion source or mail
// sender), its backup software, its name and — when the sender names it — the host it ran on,
// compared without regard to case or spacing. Without a host the key is what it always was, so
// jobs created before hosts were sent keep matching.
const normalise = (value: string) => value.trim().replace(/\s+/g, ' ').toLowerCase();

export const jobMatchKey = (reporter: string, software: string, jobName: string, host?: string) =>
  [reporter, software, jobName, ...(host?.trim() ? [host] : [])].map(normalise).join('\u241f');
