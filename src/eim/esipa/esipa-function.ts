/**
 * ESipa's functions as the eIM serves them (SGP.32 6.3): each request alternative of EsipaMessageFromIpaToEim
 * (its name as the module spells it: `getEimPackageRequest`, `initiateAuthenticationRequestEsipa` …) is served
 * by one handler, which gets the decoded request and answers one EsipaMessageFromEimToIpa, or nothing for a
 * function without response data (HandleNotification). Handlers know nothing of HTTP: the ASN.1 binding
 * (src/eim/http/esipa-binding.ts) decodes, dispatches through the registry and encodes. How to add one:
 * docs/extending.md "How to add an ESipa function".
 */
import type { Logger } from 'pino';
import type { EsipaMessageFromEimToIpa, EsipaMessageFromIpaToEim } from '../../asn1/sgp32/index.ts';

type KeysOfUnion<T> = T extends unknown ? keyof T : never;

/** The request alternatives of EsipaMessageFromIpaToEim, one per ESipa function the IPA calls. */
export type EsipaFunctionName = KeysOfUnion<EsipaMessageFromIpaToEim>;

/** The decoded request of one function. */
export type EsipaRequest<N extends EsipaFunctionName> = Extract<
  EsipaMessageFromIpaToEim,
  { readonly [P in N]: unknown }
>[N];

/**
 * A message to the IPA already in DER: for answers that carry another party's signed parts (the SM-DP+'s
 * serverSigned1, smdpSigned2, Bound Profile Package in the indirect download), which must reach the eUICC as
 * they were signed — a decode and re-encode would drop what the codec skips (extensions of a later release).
 */
export class EncodedEsipaAnswer {
  constructor(
    /** DER of one EsipaMessageFromEimToIpa (its alternative's TLV, e.g. 'BF39 …'). */
    readonly der: Buffer,
  ) {}
}

/** What a handler answers: a message to the IPA, or undefined for "no response data" (HTTP 204). */
export type EsipaAnswer = EsipaMessageFromEimToIpa | EncodedEsipaAnswer | undefined;

/** One ESipa request as received. */
export interface EsipaCall {
  /** The request body exactly as received (DER of EsipaMessageFromIpaToEim). */
  readonly der: Buffer;
  /**
   * The HTTP connection it came on. SGP.32 3.1.1.1 keeps one connection for a whole procedure (GetEimPackage to
   * its result); onomondo-eim binds its work item to it and falls back to the transaction ids when it changes.
   */
  readonly connection: object;
  /** The client's address (behind a balancer speaking PROXY protocol, the address its header names). */
  readonly clientAddress: string;
  /** From the eIM's injected clock. */
  readonly receivedAt: number;
  /** The request's logger. */
  readonly log: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
}

export type EsipaHandler<N extends EsipaFunctionName> = (
  request: EsipaRequest<N>,
  call: EsipaCall,
) => Promise<EsipaAnswer>;

/** The registry: at most one handler per function; a function without one is refused (HTTP 400). */
export type EsipaHandlers = { readonly [N in EsipaFunctionName]?: EsipaHandler<N> };

/** Joins handler sets, refusing a function served twice (a defect found at start, not at the first call). */
export function joinHandlers(sets: readonly EsipaHandlers[]): EsipaHandlers {
  const joined: Record<string, unknown> = {};
  for (const set of sets) {
    for (const [name, handler] of Object.entries(set)) {
      if (handler === undefined) continue;
      if (name in joined) throw new Error(`two handlers for ESipa ${name}`);
      joined[name] = handler;
    }
  }
  return joined as EsipaHandlers;
}

/**
 * The answer of a function whose handler failed for a reason of ours (a store failure, a defect): its own
 * `undefinedError` (127), which every ESipa response declares, rather than an HTTP 500. Functions without
 * response data (HandleNotification) and TransferEimPackageResponse (itself an answer) have none.
 */
export function undefinedErrorAnswer(name: EsipaFunctionName): EsipaMessageFromEimToIpa | undefined {
  switch (name) {
    case 'initiateAuthenticationRequestEsipa':
      return { initiateAuthenticationResponseEsipa: { initiateAuthenticationErrorEsipa: 127 } };
    case 'authenticateClientRequestEsipa':
      return { authenticateClientResponseEsipa: { authenticateClientErrorEsipa: 127 } };
    case 'getBoundProfilePackageRequestEsipa':
      return { getBoundProfilePackageResponseEsipa: { getBoundProfilePackageErrorEsipa: 127 } };
    case 'cancelSessionRequestEsipa':
      return { cancelSessionResponseEsipa: { cancelSessionError: 127 } };
    case 'getEimPackageRequest':
      return { getEimPackageResponse: { eimPackageError: 127 } };
    case 'provideEimPackageResult':
      return { provideEimPackageResultResponse: { provideEimPackageResultError: 127 } };
    case 'handleNotificationEsipa':
    case 'transferEimPackageResponse':
      return undefined;
  }
}
