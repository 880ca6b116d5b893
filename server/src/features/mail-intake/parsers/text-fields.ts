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
