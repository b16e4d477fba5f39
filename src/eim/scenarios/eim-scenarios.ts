/**
 * Test-lab scenarios of the eIM: what it does instead of signing the next eUICC Package of an EID (or of any
 * EID) normally, so that a lab can drive an IoT eUICC into the LoadEuiccPackage failures SGP.32 5.9.1 names
 * (the checks of 2.11.1.1 / 2.11.2) on purpose and see what the eUICC answers, recorded as the order's
 * outcome as for any package. Each scenario is declared once here as data; it is armed through the eIM's
 * admin API (`POST /scenarios/<name>`, behind the admin token) and acts on one package, then is used up.
 */
import { flip } from '../../rsp-server/scenarios/scenario-state.ts';

export interface EimScenarioDeclaration {
  readonly name: string;
  readonly description: string;
  /** What the IoT eUICC answers (docs/sgp32-readings.md, "Signed or unsigned"), as the order's outcome shows it. */
  readonly expected: string;
}

export const EIM_SCENARIOS = [
  {
    name: 'eim-wrong-signature',
    description:
      'SGP.32 2.11.1.1 / 5.9.1: one bit of the eimSignature of the next package is flipped; the eUICC cannot ' +
      'verify it and refuses the package.',
    expected:
      'EuiccPackageErrorUnsigned with the eIM\'s association token (outcome {"euiccPackageErrorUnsigned": ' +
      '{"associationToken": n}}): nothing proves the package came from that eIM, so the eUICC signs nothing.',
  },
  {
    name: 'eim-stale-counter',
    description:
      'SGP.32 2.11.1.1 / 5.9.1: the next package is signed (correctly) with counterValue 0, never above the ' +
      'last one the eUICC accepted from this eIM (its counter starts at 0).',
    expected:
      'EuiccPackageErrorSigned replayError (outcome {"euiccPackageErrorCode": "replayError"}, verified with ' +
      "CERT.EUICC: the eIM must know it from a data request first); the eUICC's counter does not move.",
  },
] as const satisfies readonly EimScenarioDeclaration[];

export type EimScenarioName = (typeof EIM_SCENARIOS)[number]['name'];

export const isEimScenarioName = (name: string): name is EimScenarioName =>
  EIM_SCENARIOS.some((s) => s.name === name);

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

  /** The scenario armed for this EID's next package (the oldest first), used up as it is taken. */
  take(eid: string): EimScenarioName | undefined {
    const index = this.#armed.findIndex((a) => a.eid === undefined || a.eid === eid.toUpperCase());
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
