/**
 * The eIM's ESipa registry: every set of handlers the server serves, joined once at start (a function served
 * twice is refused then). A new area of ESipa (the indirect profile download of src/eim/download/) adds its
 * set here: `(eim) => ({ initiateAuthenticationRequestEsipa: …, … })`.
 */
import type { EimContext } from '../server/context.ts';
import { type EsipaHandlers, joinHandlers } from './esipa-function.ts';
import { getEimPackage } from './get-eim-package.ts';
import { provideEimPackageResult } from './provide-eim-package-result.ts';

/** The eUICC Package functions (SGP.32 3.3): polling and results. */
const packageHandlers = (eim: EimContext): EsipaHandlers => ({
  getEimPackageRequest: getEimPackage(eim),
  provideEimPackageResult: provideEimPackageResult(eim),
});

/** Every handler set, in one list. */
export const ESIPA_HANDLER_SETS: readonly ((eim: EimContext) => EsipaHandlers)[] = [packageHandlers];

export const esipaHandlers = (eim: EimContext): EsipaHandlers =>
  joinHandlers(ESIPA_HANDLER_SETS.map((set) => set(eim)));
