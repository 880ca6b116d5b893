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

/** Lines of the form "<name> - <status>[ - <message>]" whose status is one of `statuses` (any case). */
export const statusLines = (text: string, statuses: readonly string[]) => {
  const known = new Map(statuses.map((s) => [s.toLowerCase(), s]));
  const found: { name: string; status: string; message: string | null }[] = [];
  for (const line of lines(text)) {
    const parts = line.split(' - ');
    const at = parts.findIndex((part, i) => i > 0 && known.has(part.trim().toLowerCase()));
    const name = parts.slice(0, at).join(' - ').trim();
    if (at > 0 && name) {
      const message = parts
        .slice(at + 1)
        .join(' - ')
        .trim();
      found.push({ name, status: known.get((parts[at] as string).trim().toLowerCase()) as string, message: message || null });
    }
  }
  return found;
};
