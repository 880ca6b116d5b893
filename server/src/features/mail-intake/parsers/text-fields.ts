// "Key: value" lines of plain-text reports (Synology and others). Line by line with plain string
// operations: anyone can send a mail to a polled mailbox, so nothing here may backtrack on it.
const lines = (text: string) => text.split('\n').map((line) => line.trim());

export const textField = (text: string, key: string): string | null => {
  const wanted = key.toLowerCase();
  for (const line of lines(text)) {
    if (line.slice(0, wanted.length).toLowerCase() !== wanted) {
      continue;
    }
    const rest = line.slice(wanted.length).trimStart();
    const value = rest.startsWith(':') ? rest.slice(1).trim() : '';
    if (value) {
      return value;
    }
  }
  return null;
};

/** The value of a "label value" or "label: value" line (any case, first label that has one), or null. */
export const labelled = (text: string, labels: readonly string[]) => {
  for (const line of lines(text)) {
    const lower = line.toLowerCase();
    const label = labels.find((l) => lower.startsWith(l) && /[\s:]/.test(lower.charAt(l.length) || ' '));
    if (label) {
      const value = line
        .slice(label.length)
        .replace(/^[\s:]+/, '')
        .trim();
      if (value) {
        return value;
      }
    }
  }
  return null;
};
