/**
 * The software eUICC: an ISD-R behind an APDU interface (ApduTransport), with its state in a file of the
 * user's choosing. Several can run at once; each is one object with its own state and file.
 */
import { createPrivateKey } from 'node:crypto';
import { closeLogicalChannelBy, openLogicalChannelBy } from '../apdu/logical-channel.ts';
import type { ApduTransport } from '../apdu/transport.ts';
import { StoreMetadataRequest } from '../asn1/rsp/index.ts';
import type { Curve } from '../crypto/curve.ts';
import { parseCertificate } from '../pki/certificate.ts';
import { loadDefaultPki, loadPki } from '../pki/pki-store.ts';
import { type CiCertificate, toTrustedCi } from '../pki/trusted-ci.ts';
import { type ProfileContent, profileContent } from '../saip/content.ts';
import { decodeProfilePackage } from '../saip/package.ts';
import type { CardContext, EuiccDeclaration, InstallationRefusal } from './card-context.ts';
import { type EuiccScenario, EuiccScenarios } from './es10/scenarios.ts';
import { newEuiccState } from './identity.ts';
import { emptyIotState, type IotState } from './iot/iot-state.ts';
import { IsdR } from './isd-r.ts';
import type { RulesAuthorisationTable } from './rules-authorisation-table.ts';
import {
  type EuiccState,
  EuiccStateError,
  type InstalledProfile,
  loadState,
  type PendingNotificationRecord,
  saveState,
} from './state.ts';

export interface CreateOptions {
  /** Where the state is kept; without it the eUICC lives in memory only. */
  readonly file?: string;
  readonly curve?: Curve;
  readonly defaultSmdpAddress?: string;
  /** The root SM-DS the eUICC is configured with (ES10a.GetEuiccConfiguredAddresses); a test one by default. */
  readonly rootSmdsAddress?: string;
  /**
   * PKI folder whose EUM issues the eUICC certificate and whose CIs the eUICC trusts (default certs/sgp26);
   * the state records those CIs, so the file opens later without it.
   */
  readonly pkiDir?: string;
  /** Test-lab scenarios: ES10 functions that answer with a given error instead (see es10/scenarios.ts). */
  readonly scenarios?: readonly EuiccScenario[];
  /** EUICCInfo2 values to declare instead of the defaults (free memory, forbidden PPRs, test profiles). */
  readonly declared?: EuiccDeclaration;
  /** An IoT eUICC (SGP.32 v1.2): eIM configuration, eUICC Packages and the IoT ES10b functions. */
  readonly iot?: boolean;
  /** Its Rules Authorisation Table (SGP.22 2.9.2); default DEFAULT_RAT (rules-authorisation-table.ts). */
  readonly rat?: RulesAuthorisationTable;
}

/** How an eUICC of a state made elsewhere runs: its trust, scenarios and RAT (not kept in the state). */
export type OpenOptions = Pick<CreateOptions, 'pkiDir' | 'scenarios' | 'rat'>;

export class EuiccEmulator implements ApduTransport {
  readonly #card: CardContext;
  readonly #isdR: IsdR;
  readonly #file: string | undefined;

  private constructor(
    state: EuiccState,
    trustedCis: readonly CiCertificate[],
    file: string | undefined,
    scenarios: readonly EuiccScenario[] = [],
    declared?: EuiccDeclaration,
    rat?: RulesAuthorisationTable,
  ) {
    const certificate = parseCertificate(Buffer.from(state.euiccCertificate, 'base64'));
    const eum = parseCertificate(Buffer.from(state.eumCertificate, 'base64'));
    // SGP.22 4.5.2.1.0.2: CERT.EUM names its CI by authorityKeyIdentifier, the CI PKID the eUICC signs under.
    if (!eum.authorityKeyIdentifier)
      throw new EuiccStateError('eumCertificate has no authorityKeyIdentifier (the CI it chains to)');
    this.#card = {
      state,
      privateKey: createPrivateKey(state.privateKeyPem),
      euiccCertificate: certificate.der,
      eumCertificate: eum.der,
      signingCiPkid: eum.authorityKeyIdentifier,
      trustedCis,
      ...(scenarios.length > 0 ? { scenarios: new EuiccScenarios(scenarios) } : {}),
      dirty: false,
      ...(declared ? { declared } : {}),
      ...(rat ? { rat } : {}),
    };
    this.#isdR = new IsdR(this.#card);
    this.#file = file;
  }

  static async create(options: CreateOptions = {}): Promise<EuiccEmulator> {
    const pki = options.pkiDir ? loadPki(options.pkiDir) : loadDefaultPki();
    const state: EuiccState = {
      ...newEuiccState(pki, options.curve ?? 'P-256', options.defaultSmdpAddress, options.rootSmdsAddress),
      trustedCis: pki.trustedCis.map((ci) => ci.der.toString('base64')),
      ...(options.iot ? { iot: emptyIotState() } : {}),
    };
    const emulator = new EuiccEmulator(
      state,
      pki.trustedCis,
      options.file,
      options.scenarios,
      options.declared,
      options.rat,
    );
    if (options.file) await saveState(options.file, state);
    return emulator;
  }

  /** An eUICC from a state made by the caller (a conformance campaign keeps its key to sign tampered data). */
  static fromState(state: EuiccState, options: OpenOptions = {}): EuiccEmulator {
    return new EuiccEmulator(
      state,
      trustOf(state, options.pkiDir),
      undefined,
      options.scenarios,
      undefined,
      options.rat,
    );
  }

  static async open(file: string, options: OpenOptions = {}): Promise<EuiccEmulator> {
    const state = await loadState(file);
    return new EuiccEmulator(
      state,
      trustOf(state, options.pkiDir),
      file,
      options.scenarios,
      undefined,
      options.rat,
    );
  }

  get eid(): string {
    return this.#card.state.eid;
  }

  get curve(): Curve {
    return this.#card.state.curve;
  }

  /** The CI certificates the eUICC trusts (the built-in LPA trusts them for TLS too). */
  get trustedCis(): readonly CiCertificate[] {
    return this.#card.trustedCis;
  }

  get profiles(): readonly InstalledProfile[] {
    return this.#card.state.profiles;
  }

  get notifications(): readonly PendingNotificationRecord[] {
    return this.#card.state.notifications;
  }

  /**
   * The last installation this eUICC refused, with its own detail beside the errorReason (the result's
   * seqNumber says which); undefined once an installation succeeds.
   */
  get lastInstallationRefusal(): InstallationRefusal | undefined {
    return this.#card.lastInstallationRefusal;
  }

  /** The IoT eUICC's eIMs, kept package results and switches (SGP.32); undefined for an SGP.22 eUICC. */
  get iot(): Readonly<IotState> | undefined {
    return this.#card.state.iot;
  }

  /** The metadata of an installed profile, decoded. */
  profileMetadata(iccid: string) {
    const profile = this.#card.state.profiles.find((p) => p.iccid === iccid);
    return profile ? StoreMetadataRequest.decode(Buffer.from(profile.metadata, 'base64')) : undefined;
  }

  /** The profile package an installed profile was made from (DER profile elements). */
  installedProfileElements(iccid: string): Buffer | undefined {
    const profile = this.#card.state.profiles.find((p) => p.iccid === iccid);
    return profile ? Buffer.from(profile.profileElements, 'base64') : undefined;
  }

  /**
   * What an installed profile gave the card, decoded from its profile elements: ICCID, IMSI and the AKA
   * parameters (K, OPc, algorithm), so that a test can check that what went in came out.
   */
  installedProfileContent(iccid: string): ProfileContent | undefined {
    const elements = this.installedProfileElements(iccid);
    return elements ? profileContent(decodeProfilePackage(elements)) : undefined;
  }

  /** A reset of the card by its reader: the ISD-R's channels start afresh; what the eUICC stores stays. */
  reset(): void {
    this.#isdR.reset();
  }

  async transmit(apdu: Buffer): Promise<Buffer> {
    const response = this.#isdR.handle(apdu);
    if (this.#card.dirty) {
      this.#card.dirty = false;
      if (this.#file) {
        try {
          await saveState(this.#file, this.#card.state);
        } catch (error) {
          // The change did not reach the file: the card goes back to what it holds, as after a power loss.
          this.#card.state = await loadState(this.#file);
          throw error;
        }
      }
    }
    return response;
  }

  openLogicalChannel(aid: Buffer): Promise<number> {
    return openLogicalChannelBy((apdu) => this.transmit(apdu), aid);
  }

  closeLogicalChannel(channel: number): Promise<void> {
    return closeLogicalChannelBy((apdu) => this.transmit(apdu), channel);
  }
}

/**
 * The CIs an eUICC of this state trusts: those of a PKI folder the caller names, else those the state
 * records, else (a state written before they were recorded) the bundled SGP.26 test CIs.
 */
function trustOf(state: EuiccState, pkiDir: string | undefined): readonly CiCertificate[] {
  if (pkiDir) return loadPki(pkiDir).trustedCis;
  if (state.trustedCis) return state.trustedCis.map((der) => toTrustedCi(Buffer.from(der, 'base64')));
  return loadDefaultPki().trustedCis;
}
