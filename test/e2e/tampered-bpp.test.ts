import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BoundProfilePackage, BppCommandIds, ErrorReasons } from '../../src/asn1/rsp/index.ts';
import { encodeTlv, readChildren, readTlv } from '../../src/asn1/tlv.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { profileRecordFrom } from '../../src/smdp/profile-catalogue.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { MemoryProfileRepository } from '../../src/store/memory/memory-profile-repository.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { uppWithIccid } from '../helpers/unique-upp.ts';

/**
 * SGP.22 5.7.6: the eUICC verifies every signature and MAC of the BPP and reports the first failure in its
 * ProfileInstallationResult (bppCommandId, errorReason); the SM-DP+ learns it through handleNotification.
 */
const upp = readFileSync(new URL('../../fixtures/upp/TS48V2-SAIP2-1-BERTLV-UNIQUE.der', import.meta.url));
const profiles = new MemoryProfileRepository();
let smdp: RunningSmdp;
let counter = 0;

beforeAll(async () => {
  smdp = await startTestSmdp({}, { profiles });
});
afterAll(async () => {
  await smdp?.close();
});

type Bpp = ReturnType<typeof BoundProfilePackage.decode>;
const flip = (buffer: Buffer, at: number) => {
  const copy = Buffer.from(buffer);
  copy[at < 0 ? copy.length + at : at]! ^= 0x01;
  return copy;
};

/** A download whose BPP, as DER, the LPA changes before loading it into the eUICC. */
async function downloadChanged(transform: (der: Buffer) => Buffer) {
  const id = `TAMPER-${++counter}`;
  const own = uppWithIccid(upp, counter);
  await profiles.add(
    profileRecordFrom({ id, matchingId: id, upp: '' }, own, smdp.address, { ccMaxAttempts: 3 }),
    own,
  );
  const euicc = await EuiccEmulator.create();
  const result = await downloadProfile({
    activationCode: `LPA:1$${smdp.address}$${id}`,
    euicc,
    es9: { ca: smdp.caPem },
    transformBoundProfilePackage: transform,
  });
  return { result, euicc, state: (await profiles.get(id))!.state };
}

const downloadTampered = (tamper: (bpp: Bpp) => void) =>
  downloadChanged((der) => {
    const bpp = BoundProfilePackage.decode(der);
    tamper(bpp);
    return BoundProfilePackage.encode(bpp);
  });

/**
 * The BPP with the length of ConfigureISDP's first '87' segment in a longer form than DER's shortest
 * ('87 81 2A' for '87 2A'). The LPA sends the 'A0' whole without reading inside it (SGP.22 2.5.5), so only
 * the eUICC's reader sees it.
 */
function nonShortestSegmentLength(der: Buffer): Buffer {
  const parts = readChildren(readTlv(der, 0).value);
  const rebuilt = parts.map((part) => {
    if (part.tag !== 0xa0) return part.bytes;
    const [first, ...others] = readChildren(part.value);
    if (!first || first.value.length >= 0x80) throw new Error('expected a short first 87 segment');
    const longForm = Buffer.concat([Buffer.from([0x87, 0x81, first.value.length]), first.value]);
    return encodeTlv(0xa0, longForm, ...others.map((segment) => segment.bytes));
  });
  return encodeTlv(BoundProfilePackage.tag, ...rebuilt);
}

/** Each change an attacker or a broken SM-DP+ could make, with what SGP.22 5.7.6 makes the eUICC report. */
const TAMPERS = [
  {
    name: 'a wrong smdpSign',
    change(b: Bpp) {
      b.initialiseSecureChannelRequest.smdpSign = flip(b.initialiseSecureChannelRequest.smdpSign, 3);
    },
    command: 'initialiseSecureChannel',
    reason: 'invalidSignature',
  },
  {
    name: 'another transactionId in the ISCR',
    change(b: Bpp) {
      b.initialiseSecureChannelRequest.transactionId = flip(
        b.initialiseSecureChannelRequest.transactionId,
        0,
      );
    },
    command: 'initialiseSecureChannel',
    reason: 'invalidTransactionId',
  },
  {
    name: 'unsupported key parameters',
    change(b: Bpp) {
      b.initialiseSecureChannelRequest.controlRefTemplate.keyLen = Buffer.from([0x20]);
    },
    command: 'initialiseSecureChannel',
    reason: 'unsupportedCrtValues',
  },
  {
    name: 'a flipped bit in ConfigureISDP',
    change(b: Bpp) {
      b.firstSequenceOf87[0] = flip(b.firstSequenceOf87[0]!, 2);
    },
    command: 'configureISDP',
    reason: 'scp03tSecurityError',
  },
  {
    name: 'a flipped MAC bit in StoreMetadata',
    change(b: Bpp) {
      b.sequenceOf88[0] = flip(b.sequenceOf88[0]!, -1);
    },
    command: 'storeMetadata',
    reason: 'scp03tSecurityError',
  },
  {
    name: 'a flipped bit in profile segment 3',
    change(b: Bpp) {
      b.sequenceOf86[2] = flip(b.sequenceOf86[2]!, 100);
    },
    command: 'loadProfileElements',
    reason: 'scp03tSecurityError',
  },
  {
    name: 'profile segments out of order',
    change(b: Bpp) {
      b.sequenceOf86.splice(0, 2, b.sequenceOf86[1]!, b.sequenceOf86[0]!);
    },
    command: 'loadProfileElements',
    reason: 'scp03tSecurityError',
  },
  {
    name: 'a missing profile segment',
    change(b: Bpp) {
      b.sequenceOf86.splice(1, 1);
    },
    command: 'loadProfileElements',
    reason: 'scp03tSecurityError',
  },
  {
    name: 'an oversized segment',
    change(b: Bpp) {
      b.sequenceOf86[0] = Buffer.concat([b.sequenceOf86[0]!, Buffer.alloc(8)]);
    },
    command: 'loadProfileElements',
    reason: 'scp03tStructureError',
  },
] as const;

describe('a tampered Bound Profile Package is refused by the eUICC', () => {
  it.each(TAMPERS)('$name: $command / $reason', async ({ change, command, reason }) => {
    const { result, euicc, state } = await downloadTampered(change);
    expect(result.success).toBe(false);
    expect(result.errorResult).toEqual({
      bppCommandId: BppCommandIds[command],
      errorReason: ErrorReasons[reason],
    });
    expect(euicc.profiles).toHaveLength(0);
    // The signed failure reached the SM-DP+, which puts the order in Error.
    expect(state).toBe('error');
  });

  it('a segment length not in its shortest DER form: configureISDP / scp03tStructureError', async () => {
    const { result, euicc, state } = await downloadChanged(nonShortestSegmentLength);
    expect(result.errorResult).toEqual({
      bppCommandId: BppCommandIds.configureISDP,
      errorReason: ErrorReasons.scp03tStructureError,
    });
    expect(euicc.profiles).toHaveLength(0);
    expect(state).toBe('error');
  });

  it('installs when nothing is changed (the same path, untampered)', async () => {
    const { result, state } = await downloadTampered(() => undefined);
    expect(result.success).toBe(true);
    expect(state).toBe('installed');
  });
});
