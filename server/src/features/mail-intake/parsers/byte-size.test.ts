// Issue 19: sizes as report mails print them.
import { expect, it } from 'vitest';
import { parseByteSize } from './byte-size';

it('reads the sizes Veeam and Proxmox print, in powers of 1024', () => {
  expect(parseByteSize('0 B')).toBe(0);
  expect(parseByteSize('11.9 GB')).toBe(Math.round(11.9 * 1024 ** 3));
  expect(parseByteSize('10.813 GiB')).toBe(Math.round(10.813 * 1024 ** 3));
  expect(parseByteSize('512 KB')).toBe(512 * 1024);
  expect(parseByteSize('1,5 TB')).toBe(1.5 * 1024 ** 4);
});

it('answers nothing for what is not a size', () => {
  for (const text of ['', 'n/a', '12', 'GB', '1.2.3 GB', '5 apples', null, undefined]) {
    expect(parseByteSize(text)).toBeUndefined();
  }
});
