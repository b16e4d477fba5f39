/**
 * ES10b.LoadBoundProfilePackage (SGP.22 5.7.6, ES8+ in 5.5). LPAs deliver the BPP in pieces (each its own
 * STORE DATA sequence): the 'BF36' header with the whole 'BF23', the whole 'A0', the 'A1' header then each
 * '88', the whole 'A2', the 'A3' header then each '86' — or the whole BPP at once. The loader reads that
 * stream, acts on each complete part in order, and ends with a ProfileInstallationResult ('BF37') on
 * success or on the first failure.
 */

import { Asn1DecodeError } from '../../asn1/decode-error.ts';
import {
  BoundProfilePackage,
  BppCommandIds,
  ConfigureISDPRequest,
  type ErrorReasonName,
  ErrorReasons,
  InitialiseSecureChannelRequest,
  ProfileInstallationResult,
  ProfileInstallationResultData,
  ReplaceSessionKeysRequest,
  StoreMetadataRequest as StoreMetadata,
  type StoreMetadataRequest,
} from '../../asn1/rsp/index.ts';
import { encodeTlv, headerOf, readTlv, readTlvHeader, type Tlv, type TlvHeader } from '../../asn1/tlv.ts';
import { BspError } from '../../crypto/bsp-error.ts';
import { ecdsaSign, ecdsaVerify } from '../../crypto/ecdsa.ts';
import { MAX_SEGMENT_SIZE, Scp03t } from '../../crypto/scp03t.ts';
import { deriveSessionKeys } from '../../crypto/session-keys.ts';
import { entryOf } from '../../errors/missing-entry.ts';
import { iccidFromDigits, iccidFromProfileHeader } from '../../profile/iccid.ts';
import { initialiseSecureChannelInputFromDer } from '../../protocol/signed-data.ts';
import { decodeProfilePackage } from '../../saip/package.ts';
import type { CardContext, EuiccSession, InstallationRefusal } from '../card-context.ts';
import { pprNotAllowed, ratOf } from '../rules-authorisation-table.ts';
import { nextSeqNumber, storeNotification } from './notifications.ts';
import type { BppInProgress } from './scenario-outcome.ts';

type BppCommand = keyof typeof BppCommandIds;

/** A failure of one BPP command, reported in the ProfileInstallationResult (SGP.22 5.7.6). */
export class BppFailure extends Error {
  constructor(
    readonly command: BppCommand,
    readonly reason: ErrorReasonName,
    readonly detail: string,
  ) {
    super(`${command}: ${reason} (${detail})`);
  }
}

/** What each container of the BPP carries, and the ES8+ command it is. */
const CONTAINERS: Record<number, { command: BppCommand; segmentTag: number }> = {
  160: { command: 'configureISDP', segmentTag: 0x87 },
  161: { command: 'storeMetadata', segmentTag: 0x88 },
  162: { command: 'replaceSessionKeys', segmentTag: 0x87 },
  163: { command: 'loadProfileElements', segmentTag: 0x86 },
};
const ORDER = [InitialiseSecureChannelRequest.tag, 0xa0, 0xa1, 0xa2, 0xa3];

/** A container being read: its tag, the bytes of it still to come, the plaintext of its segments so far. */
interface OpenContainer {
  readonly tag: number;
  remaining: number;
  readonly plain: Buffer[];
}

export class BppLoader implements BppInProgress {
  #pending: Buffer = Buffer.alloc(0);
  /** Bytes of the BF36 value not yet read; undefined before the header. */
  #remaining: number | undefined;
  #lastPart = -1;
  #container?: OpenContainer;
  #bsp?: Scp03t;
  #metadata?: StoreMetadataRequest;
  #configured = false;

  constructor(
    private readonly card: CardContext,
    /** The session PrepareDownload left; without one the BPP fails at its first command. */
    private readonly session: EuiccSession | undefined,
  ) {}

  /**
   * Takes one STORE DATA sequence; returns the BF37 answer once the BPP is complete or has failed. Each
   * sequence carries whole parts (SGP.22 2.5.5: a header, or complete TLVs), so a sequence that ends inside
   * a TLV fails the BPP at once, rather than leaving the eUICC to read the LPA's next command as its rest.
   */
  accept(data: Buffer): Buffer | undefined {
    this.#pending = this.#pending.length ? Buffer.concat([this.#pending, data]) : data;
    try {
      const result = this.#process();
      if (result === undefined && this.#pending.length > 0) {
        throw new BppFailure(
          this.#command(),
          'scp03tStructureError',
          'a STORE DATA sequence ended inside a TLV',
        );
      }
      return result;
    } catch (error) {
      return this.#fail(error);
    }
  }

  /** Ends the BPP at once with this failure: the signed ProfileInstallationResult reporting it. */
  failWith(command: BppCommand, reason: ErrorReasonName): Buffer {
    return this.#fail(new BppFailure(command, reason, 'an eUICC scenario told it to'));
  }

  #process(): Buffer | undefined {
    if (this.#remaining === undefined) {
      const header = this.#readHeader();
      if (!header) return undefined;
      if (header.tag !== BoundProfilePackage.tag)
        throw new BppFailure('initialiseSecureChannel', 'incorrectInputValues', 'not a BPP');
      this.#remaining = header.length;
    }
    while (this.#pending.length > 0) {
      const container = this.#container;
      if (container) {
        const segment = this.#readComplete();
        if (!segment) return undefined;
        this.#segment(container, segment);
        continue;
      }
      // InitialiseSecureChannel is taken whole; a container ('A0' to 'A3') header first, then its segments.
      const next = this.#peekHeader();
      if (!next) return undefined;
      if (next.tag === InitialiseSecureChannelRequest.tag) {
        const iscr = this.#readComplete();
        if (!iscr) return undefined;
        this.#enter(iscr.tag);
        this.#initialiseSecureChannel(iscr);
        continue;
      }
      const header = this.#readHeader();
      if (!header) return undefined;
      this.#enter(header.tag);
      const opened: OpenContainer = { tag: header.tag, remaining: header.length, plain: [] };
      this.#container = opened;
      if (header.length === 0) this.#closeContainer(opened);
    }
    return this.#remaining === 0 && !this.#container ? this.#install() : undefined;
  }

  /** Checks the order of the BPP's parts (SGP.22 2.5.5). */
  #enter(tag: number): void {
    const index = ORDER.indexOf(tag);
    if (index <= this.#lastPart) {
      const command = CONTAINERS[tag]?.command ?? 'initialiseSecureChannel';
      throw new BppFailure(command, 'scp03tStructureError', `unexpected ${tag.toString(16)}`);
    }
    if (index > 0 && !this.#bsp)
      throw new BppFailure('initialiseSecureChannel', 'scp03tStructureError', 'no secure channel');
    this.#lastPart = index;
  }

  #consume(length: number): void {
    this.#pending = this.#pending.subarray(length);
    if (this.#remaining === undefined) return;
    this.#remaining -= length;
    if (this.#remaining < 0)
      throw new BppFailure('loadProfileElements', 'scp03tStructureError', 'longer than its BF36');
  }

  /** The ES8+ command of the part being read: its container's, else InitialiseSecureChannel (the BPP's start). */
  #command(): BppCommand {
    return (this.#container && CONTAINERS[this.#container.tag]?.command) ?? 'initialiseSecureChannel';
  }

  /**
   * The tag and length at the start of the pending bytes, by the codec's DER reader (asn1/tlv.ts); undefined
   * until they are all there. One that breaks DER (a length not in its shortest form, an indefinite one)
   * makes the BPP malformed: scp03tStructureError for the command being read (SGP.22 5.7.6).
   */
  #peekHeader(): TlvHeader | undefined {
    try {
      return readTlvHeader(this.#pending);
    } catch (error) {
      if (error instanceof Asn1DecodeError)
        throw new BppFailure(this.#command(), 'scp03tStructureError', error.message);
      throw error;
    }
  }

  /** A tag and length at the start of the pending bytes, consumed; undefined until they are all there. */
  #readHeader(): TlvHeader | undefined {
    const header = this.#peekHeader();
    if (!header) return undefined;
    this.#consume(header.headerLength);
    return header;
  }

  /** One complete TLV at the start of the pending bytes, consumed; undefined until it is all there. */
  #readComplete(): Tlv | undefined {
    const header = this.#peekHeader();
    if (!header || this.#pending.length < header.headerLength + header.length) return undefined;
    const total = header.headerLength + header.length;
    const tlv = readTlv(Buffer.from(this.#pending.subarray(0, total)), 0);
    this.#consume(total);
    return tlv;
  }

  #initialiseSecureChannel(tlv: Tlv): void {
    const command = 'initialiseSecureChannel';
    const iscr = InitialiseSecureChannelRequest.decode(tlv.bytes);
    this.#transactionId = iscr.transactionId;
    const session = this.session;
    if (!session?.otpk || !session.smdpCertificate)
      throw new BppFailure(command, 'invalidTransactionId', 'no session');
    if (iscr.remoteOpId !== 1)
      throw new BppFailure(command, 'unsupportedRemoteOperationType', `${iscr.remoteOpId}`);
    if (!iscr.transactionId.equals(session.transactionId))
      throw new BppFailure(command, 'invalidTransactionId', 'ISCR');
    const crt = iscr.controlRefTemplate;
    if (crt.keyType[0] !== 0x88 || crt.keyLen[0] !== 0x10)
      throw new BppFailure(command, 'unsupportedCrtValues', 'key');
    // SGP.22 5.5.1: smdpSign over the ISCR's data objects and our one-time key, with CERT.DPpb's key.
    const signed = initialiseSecureChannelInputFromDer(tlv.bytes, session.otpk.publicPoint);
    if (!ecdsaVerify(session.smdpCertificate.publicKey, signed, iscr.smdpSign)) {
      throw new BppFailure(command, 'invalidSignature', 'smdpSign');
    }
    let sharedSecret: Buffer;
    try {
      sharedSecret = session.otpk.agree(iscr.smdpOtpk);
    } catch {
      throw new BppFailure(command, 'incorrectInputValues', 'smdpOtpk');
    }
    this.#bsp = new Scp03t(
      deriveSessionKeys({
        sharedSecret,
        keyType: crt.keyType,
        keyLength: crt.keyLen,
        hostId: crt.hostId,
        eid: Buffer.from(this.card.state.eid, 'hex'),
      }),
    );
  }

  /** The secure channel InitialiseSecureChannel set up (#enter lets no later part in without one). */
  #secureChannel(command: BppCommand): Scp03t {
    if (!this.#bsp) throw new BppFailure(command, 'scp03tStructureError', 'no secure channel');
    return this.#bsp;
  }

  #segment(container: OpenContainer, tlv: Tlv): void {
    const { command, segmentTag } = entryOf(CONTAINERS, container.tag, 'BPP containers');
    if (tlv.tag !== segmentTag)
      throw new BppFailure(command, 'scp03tStructureError', `segment tag ${tlv.tag.toString(16)}`);
    if (tlv.bytes.length > MAX_SEGMENT_SIZE)
      throw new BppFailure(
        command,
        'scp03tStructureError',
        `segment ${tlv.bytes.length} bytes > ${MAX_SEGMENT_SIZE}`,
      );
    container.remaining -= tlv.bytes.length;
    if (container.remaining < 0)
      throw new BppFailure(command, 'scp03tStructureError', 'segment beyond its container');
    try {
      container.plain.push(this.#secureChannel(command).unwrap(tlv.tag, headerOf(tlv), tlv.value));
    } catch (error) {
      if (error instanceof BspError) {
        throw new BppFailure(
          command,
          error.kind === 'macMismatch' ? 'scp03tSecurityError' : 'scp03tStructureError',
          error.message,
        );
      }
      throw error;
    }
    if (container.remaining === 0) this.#closeContainer(container);
  }

  #closeContainer({ tag, plain }: OpenContainer): void {
    this.#container = undefined;
    const data = Buffer.concat(plain);
    const { command } = entryOf(CONTAINERS, tag, 'BPP containers');
    const decode = <T>(schema: { decode(der: Buffer): T }): T => {
      try {
        return schema.decode(data);
      } catch {
        throw new BppFailure(command, 'incorrectInputValues', `cannot decode ${command}`);
      }
    };
    if (tag === 0xa0) {
      decode(ConfigureISDPRequest);
      this.#configured = true;
    } else if (tag === 0xa1) {
      this.#metadata = decode(StoreMetadata);
      const iccid = this.#metadata.iccid.toString('hex');
      if (this.card.state.profiles.some((p) => p.iccid === iccid)) {
        throw new BppFailure(command, 'installFailedDueToIccidAlreadyExistsOnEuicc', iccid);
      }
      // SGP.22 2.9.2, 5.5.3: each PPR of the metadata must be allowed to the profile's owner by the RAT.
      const refused = pprNotAllowed(ratOf(this.card), this.#metadata);
      if (refused) {
        const owner = this.#metadata.profileOwner?.mccMnc.toString('hex').toUpperCase();
        throw new BppFailure(
          command,
          'pprNotAllowed',
          `the RAT does not allow ${refused} to ${owner ? `operator ${owner}` : 'a profile naming no profileOwner'}`,
        );
      }
    } else if (tag === 0xa2) {
      const keys = decode(ReplaceSessionKeysRequest);
      this.#secureChannel(command).replaceSessionKeys({
        sEnc: keys.ppkEnc,
        sMac: keys.ppkCmac,
        initialMacChainingValue: keys.initialMacChainingValue,
      });
    } else {
      this.#profileElements = data;
    }
  }

  #profileElements?: Buffer;
  #transactionId?: Buffer;

  #install(): Buffer {
    const command = 'loadProfileElements';
    if (!this.#configured || !this.#metadata || !this.#profileElements) {
      throw new BppFailure(command, 'scp03tStructureError', 'incomplete BPP');
    }
    // The eUICC processes each profile element (SGP.22 2.5.2, PEDefinitions 8): one it cannot decode, or a
    // package not opened by its ProfileHeader, fails the installation.
    let headerIccid: Buffer;
    try {
      const [first] = decodeProfilePackage(this.#profileElements);
      if (!first || !('header' in first)) throw new Error('no ProfileHeader first');
      headerIccid = iccidFromDigits(iccidFromProfileHeader(first.header.iccid));
    } catch (error) {
      throw new BppFailure(command, 'installFailedDueToPEProcessingError', (error as Error).message);
    }
    if (!headerIccid.equals(this.#metadata.iccid)) {
      throw new BppFailure(
        command,
        'installFailedDueToIccidMismatch',
        'ProfileHeader and StoreMetadata differ',
      );
    }
    const state = this.card.state;
    const isdpAid = `A0000005591010FFFFFFFF890000${(0x0f + state.nextIsdpNumber).toString(16).toUpperCase().padStart(2, '0')}00`;
    state.nextIsdpNumber++;
    state.profiles.push({
      iccid: this.#metadata.iccid.toString('hex'),
      isdpAid,
      state: 'disabled',
      metadata: StoreMetadata.encode(this.#metadata).toString('base64'),
      profileElements: this.#profileElements.toString('base64'),
    });
    // an IoT eUICC's ImmediateEnable (SGP.32 5.9.15) enables the profile the last download installed
    if (state.iot) state.iot.lastDownloadedIccid = this.#metadata.iccid.toString('hex');
    this.card.dirty = true;
    return this.#result({
      successResult: { aid: Buffer.from(isdpAid, 'hex'), simaResponse: Buffer.from('3003020100', 'hex') },
    });
  }

  #fail(error: unknown): Buffer {
    const failure =
      error instanceof BppFailure
        ? error
        : error instanceof Asn1DecodeError
          ? new BppFailure('initialiseSecureChannel', 'incorrectInputValues', error.message)
          : new BppFailure('loadProfileElements', 'installFailedDueToUnknownError', String(error));
    const { command, reason, detail } = failure;
    return this.#result(
      { errorResult: { bppCommandId: BppCommandIds[command], errorReason: ErrorReasons[reason] } },
      { command, reason, detail },
    );
  }

  /** The signed ProfileInstallationResult; it is also kept as a pending notification (SGP.22 3.5). */
  #result(
    finalResult: Parameters<typeof ProfileInstallationResultData.encode>[0]['finalResult'],
    refusal?: Omit<InstallationRefusal, 'seqNumber'>,
  ): Buffer {
    this.card.session = undefined;
    // The installation has ended: the kept one-time key of this download is of no further use.
    const kept = this.card.state.oneTimeKey;
    if (kept && this.session?.otpk?.publicPoint.equals(Buffer.from(kept.publicPoint, 'hex'))) {
      this.card.state.oneTimeKey = undefined;
      this.card.dirty = true;
    }
    const seqNumber = nextSeqNumber(this.card);
    this.card.lastInstallationRefusal = refusal ? { seqNumber, ...refusal } : undefined;
    const notificationAddress = this.session?.serverAddress ?? this.card.state.defaultDpAddress ?? '';
    const iccid = this.#metadata?.iccid;
    const smdpOid = this.session?.smdpCertificate?.subjectAltName.registeredIds[0];
    const data = ProfileInstallationResultData.encode({
      transactionId: this.session?.transactionId ?? this.#transactionId ?? Buffer.alloc(1),
      notificationMetadata: {
        seqNumber,
        profileManagementOperation: ['notificationInstall'],
        notificationAddress,
        ...(iccid ? { iccid } : {}),
      },
      ...(smdpOid ? { smdpOid } : {}),
      finalResult,
    });
    const result = encodeTlv(
      ProfileInstallationResult.tag,
      data,
      encodeTlv(0x5f37, ecdsaSign(this.card.privateKey, data)),
    );
    storeNotification(this.card, {
      seqNumber,
      event: 'notificationInstall',
      notificationAddress,
      ...(iccid ? { iccid: iccid.toString('hex') } : {}),
      pendingNotification: result.toString('base64'),
    });
    return result;
  }
}
