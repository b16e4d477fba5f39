import { readProfileHeader } from '../../src/profile/profile-header.ts';

/**
 * A copy of a profile package with another ICCID (digits 17-18 set to `n`), so that a test can add many
 * profiles made from one fixture: ICCIDs are unique in an inventory.
 */
export function uppWithIccid(upp: Buffer, n: number): Buffer {
  const copy = Buffer.from(upp);
  const iccid = readProfileHeader(upp).iccid;
  const at = copy.indexOf(iccid) + 8;
  copy[at] = Number.parseInt(String(n % 100).padStart(2, '0'), 16);
  return copy;
}
