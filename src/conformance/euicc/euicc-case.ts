/**
 * An eUICC conformance case: a stable id, the SGP.22 function it tests (its area), the clause, and a run
 * function with its set-up (preconditions), stimulus and checks. The context gives it the card (every ES10
 * exchange recorded), the campaign's SM-DP+ identities, and what the campaign learnt of the card.
 */
import type { EUICCInfo1 } from '../../asn1/rsp/index.ts';
import type { Reading, RemarkSink } from '../verdict.ts';
import type { AuthenticatedCard } from './card-checks.ts';
import type { DownloadSession } from './download-session.ts';
import type { LabIdentity, LabSmdp } from './lab-smdp.ts';
import type { RecordedEs10Client } from './recorded-es10-client.ts';
import type { TestProfile, TestProfileOptions } from './test-profile.ts';

const EUICC_AREAS = [
  'ES10a',
  'ES10b.GetEUICCInfo',
  'ES10b.GetEUICCChallenge',
  'ES10b.AuthenticateServer',
  'ES10b.PrepareDownload',
  'ES10b.LoadBoundProfilePackage',
  'ES10b.CancelSession',
  'ES10b.LoadCRL',
  'ES10b.GetRAT',
  'ES10c.GetEID',
  'ES10c.GetProfilesInfo',
  'ES10c.ProfileManagement',
  'ES10c.SetNickname',
  'ES10b.Notifications',
  'ES10c.eUICCMemoryReset',
] as const;
export type EuiccArea = (typeof EUICC_AREAS)[number];

/** What the campaign learnt of the card before the first case (pre-flight). */
export interface CardFacts {
  readonly eid: Buffer;
  readonly euiccInfo1: EUICCInfo1;
  /** The lab's identities whose CI the card both verifies with and signs under (SGP.22 5.6.1's choice). */
  readonly identities: readonly LabIdentity[];
}

export interface EuiccCaseContext extends RemarkSink {
  readonly card: RecordedEs10Client;
  readonly lab: LabSmdp;
  readonly facts: CardFacts;
  readonly allowDestructive: boolean;
  now(): Date;
  /** A new RSP session under this identity (default: the card's first). */
  session(identity?: LabIdentity): DownloadSession;
  /** A profile whose ICCID the card does not hold; the campaign deletes it after the case if installed. */
  profile(
    options?: Omit<TestProfileOptions, 'notificationAddress' | 'taken' | 'template'>,
  ): Promise<TestProfile>;
  /**
   * A whole nominal download of `profile` (AuthenticateServer, PrepareDownload, LoadBoundProfilePackage),
   * each step a precondition: the case is inconclusive, naming the step, when one does not succeed.
   */
  install(profile: TestProfile, identity?: LabIdentity): Promise<InstalledProfile>;
  note(text: string): void;
  /**
   * Our software eUICC's own detail of the refused installation its result `seqNumber` reported, when the
   * card is that eUICC in this process (error-reason.ts); undefined for any other card, which gives only the
   * errorReason.
   */
  refusalDetail(seqNumber: number): string | undefined;
}

export interface InstalledProfile {
  readonly profile: TestProfile;
  readonly session: DownloadSession;
  readonly card: AuthenticatedCard;
  /** The ProfileInstallationResult as the card returned it. */
  readonly result: Buffer;
  readonly isdpAid: Buffer;
  readonly seqNumber: number;
}

export interface EuiccCase {
  /** Stable, upper case: EA-/EB-/EC- then the function and what is varied (used by --cases and JUnit). */
  readonly id: string;
  readonly area: EuiccArea;
  readonly title: string;
  /** The SGP.22 clauses the case implements. */
  readonly reference: string;
  /** The readings of SGP.22 the case enforces (clause, SHALL / SHOULD / MAY, what it says). */
  readonly readings?: readonly Reading[];
  /** Changes the card cannot undo (a profile of the card's own deleted, memory reset): --allow-destructive. */
  readonly destructive?: boolean;
  run(context: EuiccCaseContext): Promise<void>;
}
