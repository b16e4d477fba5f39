/**
 * What the card needs of its test-lab scenarios (scenarios.ts) and of a BPP being loaded
 * (load-bound-profile-package.ts): only these shapes, so that the card context names no function module.
 */
import type { BppCommandIds, ErrorReasons } from '../../asn1/rsp/index.ts';
import type { PackageRefusal } from '../iot/package-refusal.ts';

/** What a due scenario makes of a call: an error response, a status word, or a failed BPP. */
export type ScenarioOutcome =
  | { readonly kind: 'response'; readonly data: Buffer }
  | {
      readonly kind: 'bppFailure';
      readonly command: keyof typeof BppCommandIds;
      readonly reason: keyof typeof ErrorReasons;
    }
  /** LoadEuiccPackage refuses a package it verified (or names its eIM unknown / its signature invalid). */
  | { readonly kind: 'packageRefusal'; readonly code: PackageRefusal };

/** The scenarios of one card: the outcome of the first due one for a request with this tag, if any. */
export interface CardScenarios {
  outcome(tag: number, request: Buffer): ScenarioOutcome | undefined;
}

/** A BPP arriving over several STORE DATA commands (SGP.22 5.7.6): each piece is handed to it. */
export interface BppInProgress {
  /** The response data for this piece; undefined for an accepted piece that needs no answer yet. */
  accept(data: Buffer): Buffer | undefined;
}
