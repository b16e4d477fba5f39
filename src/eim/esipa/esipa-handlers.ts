/**
 * The eIM's ESipa registry: every set of handlers the server serves, joined once at start (a function served
 * twice is refused then). A new area of ESipa (the indirect profile download of src/eim/download/) adds its
 * set here: `(eim) => ({ initiateAuthenticationRequestEsipa: …, … })`.
 */
import { downloadHandlers } from '../download/download-handlers.ts';
import type { EimContext } from '../server/context.ts';
import { type EsipaHandlers, joinHandlers } from './esipa-function.ts';
import { getEimPackage } from './get-eim-package.ts';
import { provideEimPackageResult } from './provide-eim-package-result.ts';

/** The eUICC Package functions (SGP.32 3.3): polling and results. */
const packageHandlers = (eim: EimContext): EsipaHandlers => ({
  getEimPackageRequest: getEimPackage(eim),
  provideEimPackageResult: provideEimPackageResult(eim),
});

/** The indirect profile download (SGP.32 3.2), relayed to the SM-DP+ (src/eim/download/). */
const indirectDownloadHandlers = (eim: EimContext): EsipaHandlers =>
  eim.download
    ? downloadHandlers({
        ...eim.download,
        packageResult: () => provideEimPackageResult(eim),
      })
    : {};

/** Every handler set, in one list. */
export const ESIPA_HANDLER_SETS: readonly ((eim: EimContext) => EsipaHandlers)[] = [
  packageHandlers,
  indirectDownloadHandlers,
];

export const esipaHandlers = (eim: EimContext): EsipaHandlers =>
  joinHandlers(ESIPA_HANDLER_SETS.map((set) => set(eim)));
