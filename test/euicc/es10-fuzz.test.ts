import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCommandApdu, encodeCommandApdu } from '../../src/apdu/command-apdu.ts';
import { INS, SW, swOf } from '../../src/apdu/status-words.ts';
import type { ApduTransport } from '../../src/apdu/transport.ts';
import {
  BppCommandIds,
  DeleteProfileRequest,
  EnableProfileRequest,
  ErrorReasons,
  ListNotificationRequest,
  ProfileInfoListRequest,
  SetNicknameRequest,
} from '../../src/asn1/rsp/index.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { Es10Client } from '../../src/lpa/es10-client.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { FUZZ_SEED, fuzzRounds, mutate } from '../helpers/fuzz.ts';
import { rng } from '../helpers/sample-value.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';

/**
 * Fuzz of the software eUICC as an LPA meets it: ES10 commands over STORE DATA with mutated DER. The
 * ISD-R answers an internal defect with SW 6F00, so every answer must carry another status word (an ES10
 * error response, 6A80 wrong data ...), and the eUICC must keep working: after each mutated download the
 * same eUICC completes a clean one.
 */
const BLOCK = 255;
const STORE_DATA_LAST_BLOCK = 0x80;

/** The download's ES10 commands to mutate, by the tag their first piece starts with. */
const TARGETS = [
  ['AuthenticateServer', 'bf38'],
  ['PrepareDownload', 'bf21'],
  ['LoadBoundProfilePackage (InitialiseSecureChannel)', 'bf36'],
  ['LoadBoundProfilePackage (a profile segment)', '86'],
] as const;
const ROUNDS_PER_TARGET = fuzzRounds(20);

/** Passes APDUs through, except the first ES10 command starting with `tag`: reassembled, changed, resent. */
class MutatingCard implements ApduTransport {
  answerSw: number | undefined;
  #held: Buffer[] | undefined;
  constructor(
    private readonly card: EuiccEmulator,
    private readonly tag: Buffer,
    private readonly change: (command: Buffer) => Buffer,
  ) {}
  openLogicalChannel(aid: Buffer) {
    return this.card.openLogicalChannel(aid);
  }
  closeLogicalChannel(channel: number) {
    return this.card.closeLogicalChannel(channel);
  }
  async transmit(apdu: Buffer): Promise<Buffer> {
    const command = decodeCommandApdu(apdu);
    if (command.ins !== INS.STORE_DATA || this.answerSw !== undefined) return this.card.transmit(apdu);
    if (command.p2 === 0 && command.data.subarray(0, this.tag.length).equals(this.tag)) this.#held = [];
    if (!this.#held) return this.card.transmit(apdu);
    this.#held.push(command.data);
    if (!(command.p1 & STORE_DATA_LAST_BLOCK)) return Buffer.from([0x90, 0x00]);
    const mutated = this.change(Buffer.concat(this.#held));
    this.#held = undefined;
    const blocks = Math.max(1, Math.ceil(mutated.length / BLOCK));
    let response: Buffer = Buffer.alloc(0);
    for (let i = 0; i < blocks; i++) {
      response = await this.card.transmit(
        encodeCommandApdu({
          cla: command.cla,
          ins: INS.STORE_DATA,
          p1: i === blocks - 1 ? 0x91 : 0x11,
          p2: i,
          data: mutated.subarray(i * BLOCK, (i + 1) * BLOCK),
        }),
      );
      if (i < blocks - 1 && swOf(response) !== SW.OK) break;
    }
    this.answerSw = swOf(response);
    return response;
  }
}

let smdp: RunningSmdp;
beforeAll(async () => {
  smdp = await startTestSmdp();
});
afterAll(async () => {
  await smdp?.close();
});

const download = (euicc: ApduTransport) =>
  downloadProfile({ activationCode: `LPA:1$${smdp.address}$DEMO`, euicc, es9: { ca: smdp.caPem } });

describe('fuzz: mutated ES10 commands to the software eUICC', () => {
  it.each(TARGETS)('%s: never an internal error, and the eUICC still downloads', async (_name, tag) => {
    const random = rng(20261125 + Number.parseInt(tag, 16) + FUZZ_SEED);
    let installed = 0;
    for (let round = 0; round < ROUNDS_PER_TARGET; round++) {
      const euicc = await EuiccEmulator.create();
      const card = new MutatingCard(euicc, Buffer.from(tag, 'hex'), (command) => mutate(command, random));
      // The download may fail anywhere after the mutated command: the answer's status word is what counts.
      const outcome = await download(card).catch(() => undefined);
      if (outcome?.success) installed++;
      // 127 is what the BPP loader reports for an error it did not expect: a defect, not a verdict.
      expect(outcome?.errorResult?.errorReason, `round ${round}`).not.toBe(
        ErrorReasons.installFailedDueToUnknownError,
      );
      expect(card.answerSw, `round ${round}: the command was sent`).toBeDefined();
      expect(card.answerSw!.toString(16), `round ${round}`).not.toBe(SW.UNKNOWN.toString(16));
      // Nothing half-done stays behind: a clean download on the same eUICC succeeds (after removing a
      // profile the mutated run may have installed, as the demo profile has one ICCID).
      const es10 = new Es10Client(euicc);
      for (const profile of await es10.listProfiles()) {
        if (profile.iccid) await es10.deleteProfile(profile.iccid);
      }
      await es10.close();
      expect((await download(euicc)).success, `round ${round}: clean download`).toBe(true);
    }
    // A mutated segment never installs (its C-MAC covers every byte); elsewhere a mutation may land where
    // the eUICC signs what it got (AuthenticateServer's ctxParams1), but most must stop the download.
    if (tag === '86') expect(installed).toBe(0);
    else expect(installed).toBeLessThan(ROUNDS_PER_TARGET / 2);
  });

  it('fails a BPP whose segment ends early in its STORE DATA sequence, and answers the next command as itself', async () => {
    const euicc = await EuiccEmulator.create();
    const card = new MutatingCard(euicc, Buffer.from('86', 'hex'), (segment) => segment.subarray(0, -10));
    const result = await download(card);
    expect(result.success).toBe(false);
    expect(result.errorResult).toEqual({
      bppCommandId: BppCommandIds.loadProfileElements,
      errorReason: ErrorReasons.scp03tStructureError,
    });
    const es10 = new Es10Client(euicc);
    expect(await es10.listProfiles()).toEqual([]);
    await es10.close();
  });

  it('answers mutated profile-management and notification commands without an internal error', async () => {
    const euicc = await EuiccEmulator.create();
    expect((await download(euicc)).success).toBe(true);
    const es10 = new Es10Client(euicc);
    const [profile] = await es10.listProfiles();
    const iccid = profile!.iccid!;
    const commands = [
      ProfileInfoListRequest.encode({}),
      EnableProfileRequest.encode({ profileIdentifier: { iccid }, refreshFlag: false }),
      DeleteProfileRequest.encode({ iccid }),
      SetNicknameRequest.encode({ iccid, profileNickname: 'fuzz' }),
      ListNotificationRequest.encode({}),
    ];
    const random = rng(4242 + FUZZ_SEED);
    for (const command of commands) {
      for (let i = 0; i < 40; i++) {
        const sw = await es10.storeData(mutate(command, random)).then(
          () => SW.OK,
          (error: { sw?: number }) => error.sw ?? -1,
        );
        expect(sw.toString(16), command.subarray(0, 3).toString('hex')).not.toBe(SW.UNKNOWN.toString(16));
        expect(sw).not.toBe(-1);
      }
    }
    // Whatever the mutated commands did to the profile, the eUICC still answers and downloads.
    for (const left of await es10.listProfiles()) {
      if (left.iccid) {
        await es10.disableProfile(left.iccid).catch(() => undefined);
        await es10.deleteProfile(left.iccid);
      }
    }
    await es10.close();
    expect((await download(euicc)).success).toBe(true);
  });
});
