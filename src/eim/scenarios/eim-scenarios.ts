/**
 * Test-lab scenarios of the eIM: what it does instead of handing out the next eIM Package of an EID (or of any
 * EID) normally, so that a lab can drive an IoT eUICC into the LoadEuiccPackage failures SGP.32 5.9.1 names
 * (the checks of 2.11.1.1 / 2.11.2), or an IPA into the eimPackageResultResponseError of 6.3.2.7, on purpose
 * and see what comes back, recorded as the order's outcome as for any package. Each scenario is declared once
 * here as data, with the order facilities it can act on; it is armed through the eIM's admin API (`POST
 * /scenarios/<name>`, behind the admin token), the CLI (`rspsim eim scenario arm`) or the start setting
 * `scenarios`, and acts on one package, then is used up.
 */
import { flip } from '../../rsp-server/scenarios/scenario-state.ts';
import type { OrderFacility } from '../eim-repository.ts';

export interface EimScenarioDeclaration {
  readonly name: string;
  readonly description: string;
  /**
   * The orders it spoils: a wrong signature or a stale counter only means something for a signed eUICC Package
   * (psmo, eco); the data request and the download trigger carry no eIM signature and no counterValue
   * (SGP.32 2.11.1.2, 2.11.1.3), so only a malformed or unknown package applies to them.
   */
  readonly facilities: readonly OrderFacility[];
  /** What the IoT eUICC or the IPA answers (docs/sgp32-readings.md), as the order's outcome shows it. */
  readonly expected: string;
}

const SIGNED_PACKAGES = ['psmo', 'eco'] as const satisfies readonly OrderFacility[];
const ANY_PACKAGE = ['psmo', 'eco', 'edr', 'download'] as const satisfies readonly OrderFacility[];

export const EIM_SCENARIOS = [
  {
    name: 'eim-wrong-signature',
    description:
      'SGP.32 2.11.1.1 / 5.9.1: one bit of the eimSignature of the next package is flipped; the eUICC cannot ' +
      'verify it and refuses the package.',
    facilities: SIGNED_PACKAGES,
    expected:
      'EuiccPackageErrorUnsigned with the eIM\'s association token (outcome {"euiccPackageErrorUnsigned": ' +
      '{"associationToken": n}}): nothing proves the package came from that eIM, so the eUICC signs nothing.',
  },
  {
    name: 'eim-stale-counter',
    description:
      'SGP.32 2.11.1.1 / 5.9.1: the next package is signed (correctly) with counterValue 0, never above the ' +
      'last one the eUICC accepted from this eIM (its counter starts at 0).',
    facilities: SIGNED_PACKAGES,
    expected:
      'EuiccPackageErrorSigned replayError (outcome {"euiccPackageErrorCode": "replayError"}, verified with ' +
      "CERT.EUICC: the eIM must know it from a data request first); the eUICC's counter does not move.",
  },
  {
    name: 'eim-malformed-signed-part',
    description:
      'SGP.32 2.11.1.1 / 3.3.1 step 3: the EuiccPackageSigned of the next package lacks its mandatory ' +
      'euiccPackage (no psmoList, no ecoList) and is signed correctly over those bytes, inside an intact ' +
      "EuiccPackageRequest ('BF51 { 30 …, 5F37 … }'): the IPA passes it to the eUICC unchanged, and the " +
      'eUICC must refuse what it cannot parse.',
    facilities: SIGNED_PACKAGES,
    expected:
      'The eUICC refuses the STORE DATA (our IoT eUICC: SW 6A80, wrong data); the IPA reports ' +
      'eimPackageResultResponseError invalidPackageFormat with the eimTransactionId of the package (outcome ' +
      '{"eimPackageResultResponseError": "invalidPackageFormat"}). An eUICC that answers an ' +
      'EuiccPackageResult instead has it recorded as for any package.',
  },
  {
    name: 'eim-malformed-package',
    description:
      "SGP.32 6.3.2.6 / 6.3.2.7: the next GetEimPackageResponse ('BF4F') holds the package's TLV with a " +
      'length one byte longer than what follows, so no IPA can delimit the package (psmo, eco, data request ' +
      'or download trigger alike).',
    facilities: ANY_PACKAGE,
    expected:
      'The IPA reports eimPackageResultResponseError invalidPackageFormat without eimTransactionId (it could ' +
      "not read one); the eIM takes it as the answer of the EID's oldest order in work (outcome " +
      '{"eimPackageResultResponseError": "invalidPackageFormat"}).',
  },
  {
    name: 'eim-unknown-package',
    description:
      "SGP.32 6.3.2.6 / 6.3.2.7: the next GetEimPackageResponse ('BF4F') holds a well-formed alternative the " +
      "module does not have ('BF7F 00', [127]), as a package of a later release would look to this IPA.",
    facilities: ANY_PACKAGE,
    expected:
      'The IPA reports eimPackageResultResponseError unknownPackage without eimTransactionId (outcome ' +
      '{"eimPackageResultResponseError": "unknownPackage"}).',
  },
  {
    name: 'eim-malformed-activation-code',
    description:
      "SGP.32 3.2.3.2 step 4 / SGP.22 4.1: the next download trigger's activation code is cut after its SM-DP+ " +
      "address ('1$<address>': no AC_Token field), well-formed DER the IPA cannot start a download from.",
    facilities: ['download'],
    expected:
      "The IPA reports eimPackageResultResponseError invalidPackageFormat with the trigger's eimTransactionId, " +
      'contacting no SM-DP+ (outcome {"eimPackageResultResponseError": "invalidPackageFormat"}).',
  },
] as const satisfies readonly EimScenarioDeclaration[];

export type EimScenarioName = (typeof EIM_SCENARIOS)[number]['name'];

export const isEimScenarioName = (name: string): name is EimScenarioName =>
  EIM_SCENARIOS.some((s) => s.name === name);

const eimScenario = (name: EimScenarioName): EimScenarioDeclaration => {
  const declaration = EIM_SCENARIOS.find((s) => s.name === name);
  if (!declaration) throw new TypeError(`no eIM scenario ${name}`);
  return declaration;
};

/** An EID as the admin API, the start setting and the CLI take it: 32 hexadecimal digits, any case. */
export const isEid = (text: string): boolean => /^[0-9A-Fa-f]{32}$/.test(text);

/**
 * The scenarios a start setting arms (`scenarios`, `--scenario`): comma-separated `name` (for any eUICC) or
 * `name:EID`, each armed once in that order. A name outside the catalogue or a bad EID is an Error naming it.
 */
export function armedScenariosOf(setting: string): ArmedEimScenario[] {
  return setting
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const [name = '', eid, ...rest] = item.split(':');
      if (!isEimScenarioName(name))
        throw new Error(`no eIM scenario ${name} (${EIM_SCENARIOS.map((s) => s.name).join(', ')})`);
      if (rest.length > 0 || (eid !== undefined && !isEid(eid)))
        throw new Error(`${item}: the EID after the scenario's name must be 32 hexadecimal digits`);
      return { name, ...(eid !== undefined ? { eid: eid.toUpperCase() } : {}) };
    });
}

/** Armed scenarios kept at most (an admin can arm one per EID; the oldest is dropped beyond this). */
const MAX_ARMED = 1000;

/** One armed scenario: for the next package of `eid`, or of any eUICC when there is none. */
export interface ArmedEimScenario {
  readonly name: EimScenarioName;
  readonly eid?: string;
}

/** The scenarios armed on one eIM instance (in memory: a lab arms them for the run at hand). */
export class EimScenarios {
  readonly #armed: ArmedEimScenario[] = [];

  /** Starts with these armed (the start setting `scenarios`), in that order. */
  constructor(armed: readonly ArmedEimScenario[] = []) {
    for (const { name, eid } of armed) this.arm(name, eid);
  }

  /** Arms `name` for the next package of `eid` (32 hex digits, any case) or of any eUICC. */
  arm(name: EimScenarioName, eid?: string): ArmedEimScenario {
    const armed = { name, ...(eid !== undefined ? { eid: eid.toUpperCase() } : {}) };
    this.#armed.push(armed);
    if (this.#armed.length > MAX_ARMED) this.#armed.shift();
    return armed;
  }

  /** Disarms every scenario of this name; how many were armed. */
  disarm(name: EimScenarioName): number {
    const before = this.#armed.length;
    for (let i = this.#armed.length - 1; i >= 0; i--)
      if (this.#armed[i]?.name === name) this.#armed.splice(i, 1);
    return before - this.#armed.length;
  }

  list(): readonly ArmedEimScenario[] {
    return this.#armed;
  }

  /**
   * The scenario armed for this EID's next package of this facility (the oldest first), used up as it is
   * taken; one armed for other facilities waits for an order it applies to.
   */
  take(eid: string, facility: OrderFacility): EimScenarioName | undefined {
    const applies = (name: EimScenarioName) => eimScenario(name).facilities.some((f) => f === facility);
    const index = this.#armed.findIndex(
      (a) => (a.eid === undefined || a.eid === eid.toUpperCase()) && applies(a.name),
    );
    if (index < 0) return undefined;
    const [taken] = this.#armed.splice(index, 1);
    return taken?.name;
  }
}

/**
 * The counterValue of an `eim-stale-counter` package. Not the one of the package before: the eIM cannot know
 * that the eUICC accepted that one (after a refused package it would run); 0 is never above what the eUICC
 * accepted, whatever came before.
 */
export const STALE_COUNTER_VALUE = 0;

/** The eimSignature with one bit flipped (in the middle of r): the eUICC's verification fails. */
export const wrongSignature = (eimSignature: Buffer): Buffer => flip(eimSignature, 10);
