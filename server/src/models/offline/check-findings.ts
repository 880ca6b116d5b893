// Issue 18 (P3.4): what a check's output shows, as one short finding — the fact a technician
// would write down — instead of the whole dump. The raw output stays on the check. Offline this
// is rules: the lines that carry a verdict (errors, failures, states, free space, a test's
// result), a count where the output is a list; a model does it when one is configured.
const SHORT = 200;

// Lines that state a verdict or a value someone acts on.
const SIGNAL =
  /\b(error|errors|fail(?:ed|s|ure)?|denied|refused|stopped|disabled|not (?:found|running|reachable|responding)|unreachable|timed? ?out|expired?|invalid|warning|critical|low|full|0x[0-9a-f]{8}|false|true|running|free|state|status|last error|succeeded)\b/i;
// The verdicts that something is wrong come first.
const BAD =
  /\b(fail(?:ed|s|ure)?|denied|refused|stopped|disabled|not (?:found|running|reachable|responding)|unreachable|timed? ?out|expired?|invalid|critical|full|low|0x[0-9a-f]{8}|false)\b/i;
const isBad = (line: string) => BAD.test(line) || (/\berrors?\b/i.test(line) && !/\bno errors?\b|\b0 errors?\b/i.test(line));
const KEY_VALUE = /^\s*([A-Za-z][\w .()-]{1,40}?)\s*[:=]\s*(\S.*)$/;
// Headers, separators and prompts that say nothing.
const NOISE = /^(?:[-=_*\s]+|PS [A-Z]:\\.*>.*|Currently stored credentials:|Windows IP Configuration|Name\s+Used.*|Status\s+Name.*)$/i;

const clip = (text: string) => (text.length > SHORT ? `${text.slice(0, SHORT - 1)}…` : text);

export const checkFinding = (output: string): string => {
  const lines = output
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l && !NOISE.test(l));
  if (lines.length === 0) {
    return 'no output';
  }
  if (lines.length === 1) {
    return clip(lines[0] as string);
  }
  // cmdkey /list: the stored targets are the finding, counted.
  const targets = lines.filter((l) => /^Target:/i.test(l)).map((l) => l.replace(/^Target:\s*/i, ''));
  if (targets.length) {
    return clip(`${targets.length} stored credential${targets.length === 1 ? '' : 's'}: ${targets.join(', ')}`);
  }
  const verdicts = [...lines.filter(isBad), ...lines.filter((l) => SIGNAL.test(l) && !isBad(l))];
  const picked = (verdicts.length ? verdicts : lines.filter((l) => KEY_VALUE.test(l))).slice(0, 3);
  if (picked.length) {
    const more = lines.length - picked.length;
    return clip(`${picked.join('; ')}${more > 0 ? ` (+${more} more line${more === 1 ? '' : 's'} on the check)` : ''}`);
  }
  return clip(`${lines[0]} (+${lines.length - 1} more line${lines.length === 2 ? '' : 's'} on the check)`);
};
