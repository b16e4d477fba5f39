import { readProfileHeader } from '../../src/profile/profile-header.ts';

/**
 * A copy of a profile package with another ICCID (digits 17-18 set from `n`, and from 100 on digits 15-16
 * too), so that a test can add many profiles made from one fixture: ICCIDs are unique in an inventory.
 */
export function uppWithIccid(upp: Buffer, n: number): Buffer {
  const copy = Buffer.from(upp);
  const iccid = readProfileHeader(upp).iccid;
  const at = copy.indexOf(iccid) + 8;
  const bcd = (v: number) => Number.parseInt(String(v % 100).padStart(2, '0'), 16);
  copy[at] = bcd(n);
  if (n >= 100) copy[at - 1] = bcd(Math.floor(n / 100));
  return copy;
}
