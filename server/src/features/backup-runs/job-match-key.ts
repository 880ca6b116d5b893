// B2/B3.3 inbox matching: a job is identified by who reports it (ingestion source or mail
// sender), its backup software and its name, compared without regard to case or spacing.
const normalise = (value: string) => value.trim().replace(/\s+/g, ' ').toLowerCase();

export const jobMatchKey = (reporter: string, software: string, jobName: string) =>
  [reporter, software, jobName].map(normalise).join('\u241f');
