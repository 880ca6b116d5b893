// Removes secrets from what is logged: values under secret-looking keys, and any known secret
// value wherever it appears in a string (URLs, headers echoed in bodies, error texts).
export const REDACTED = '[REDACTED]';

const SECRET_KEY = /pass(word)?|secret|token|authori[sz]ation|api[-_]?key|private[-_]?key|cookie|credential|signature/i;

export const isSecretKey = (key: string) => SECRET_KEY.test(key);

const scrubString = (text: string, secrets: readonly string[]) =>
  secrets.reduce((acc, secret) => (secret.length >= 4 ? acc.split(secret).join(REDACTED) : acc), text);

export const redact = (value: unknown, secrets: readonly string[] = [], depth = 0): unknown => {
  if (depth > 20) {
    return '[TRUNCATED]';
  }
  if (typeof value === 'string') {
    return scrubString(value, secrets);
  }
  if (Array.isArray(value)) {
    return value.map((v) => redact(v, secrets, depth + 1));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSecretKey(k) ? REDACTED : redact(v, secrets, depth + 1)]));
  }
  return value;
};

/** Query parameters with secret-looking names are masked; known secrets anywhere are removed. */
export const redactUrl = (raw: string, secrets: readonly string[] = []): string => {
  try {
    const url = new URL(raw);
    url.username = url.username ? REDACTED : '';
    url.password = url.password ? REDACTED : '';
    for (const key of [...url.searchParams.keys()]) {
      if (isSecretKey(key)) {
        url.searchParams.set(key, REDACTED);
      }
    }
    return scrubString(decodeURI(url.toString()), secrets);
  } catch {
    return scrubString(raw, secrets);
  }
};
