// "Key: value" lines of plain-text reports (Synology and others).
export const textField = (text: string, key: string): string | null => {
  const match = new RegExp(`^\\s*${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:\\s*(.+?)\\s*$`, 'im').exec(text);
  return match ? (match[1] as string) : null;
};
