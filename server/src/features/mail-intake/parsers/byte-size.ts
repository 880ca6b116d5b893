// Issue 19 (B3): the sizes report mails print — Veeam's "11.9 GB" / "0 B" grid cells, Proxmox's
// "Total size: 10.813 GiB". Veeam labels binary multiples KB/MB/GB (its counters are powers of
// 1024, as Proxmox's KiB/MiB/GiB say outright), so both spellings count in 1024s. A decimal comma
// ("1,5 GB", localised reports) reads like a point. Anything else is no size at all, never a guess.
const POWERS: Record<string, number> = { b: 0, kb: 1, kib: 1, mb: 2, mib: 2, gb: 3, gib: 3, tb: 4, tib: 4, pb: 5, pib: 5 };

export const parseByteSize = (text: string | null | undefined): number | undefined => {
  const match = /^(\d{1,15}(?:[.,]\d{1,6})?)\s?([kmgtp]?i?b)$/i.exec((text ?? '').trim());
  const power = match ? POWERS[(match[2] as string).toLowerCase()] : undefined;
  if (!match || power === undefined) {
    return undefined;
  }
  const bytes = Math.round(Number((match[1] as string).replace(',', '.')) * 1024 ** power);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
};
