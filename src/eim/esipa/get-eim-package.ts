/**
 * ESipa.GetEimPackage (SGP.32 6.3.2.6, 3.3.1 step 1): the IPA polls with its EID and gets the next eUICC
 * Package, data request or download trigger queued for that eUICC, or `eimPackageError noEimPackageAvailable`
 * (`BF4F 03 02 01 01`, not an empty body) when there is none.
 */
import type { EimContext } from '../server/context.ts';
import type { EsipaHandler } from './esipa-function.ts';

export function getEimPackage(_eim: EimContext): EsipaHandler<'getEimPackageRequest'> {
  return async () => ({ getEimPackageResponse: { eimPackageError: 1 } });
}
