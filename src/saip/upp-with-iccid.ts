import { iccidFromDigits, iccidFromProfileHeader } from '../profile/iccid.ts';
import { readProfileHeader } from './read-profile-header.ts';

/**
 * A copy of a profile package with another ICCID (digits 17-18 set from `n`, and from 100 on digits 15-16
 * too), in its ProfileHeader and in EF.ICCID alike, so that a test can add many valid profiles made from one
 * fixture: ICCIDs are unique in an inventory.
 */
export function uppWithIccid(upp: Buffer, n: number): Buffer {
  const header = readProfileHeader(upp).iccid;
  const digits = iccidFromProfileHeader(header);
  const two = (v: number) => String(v % 100).padStart(2, '0');
  const changed =
    digits.slice(0, 14) +
    (n >= 100 ? two(Math.floor(n / 100)) : digits.slice(14, 16)) +
    two(n) +
    digits.slice(18);
  const replace = (buffer: Buffer, from: Buffer, to: Buffer) => {
    for (let at = buffer.indexOf(from); at >= 0; at = buffer.indexOf(from, at + to.length))
      to.copy(buffer, at);
  };
  const copy = Buffer.from(upp);
  replace(copy, header, Buffer.from(changed.padEnd(20, 'F'), 'hex'));
  replace(copy, iccidFromDigits(digits), iccidFromDigits(changed));
  return copy;
}
