// LIKE / ILIKE patterns from what a user typed: %, _ and the escape character match themselves,
// so a search for "50%" or "C:\Backup" finds those characters instead of everything.
const escaped = (text: string) => text.replace(/[\\%_]/g, (m) => `\\${m}`);

export const containsPattern = (text: string) => `%${escaped(text)}%`;
export const prefixPattern = (text: string) => `${escaped(text)}%`;
