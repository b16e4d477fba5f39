/**
 * The readings of SGP.22 the LPA campaign enforces: what SGP.22 asks of the LPAd when the SM-DP+ (or the
 * eUICC) does what a catalogue entry makes it do, with the clause, the normative word and the evidence it
 * was cross-checked with (lpac, estkme-group/lpac src/applet/profile/download.c and notification.c; the
 * built-in LPA, src/lpa). Where SGP.22 names no behaviour (which CancelSessionReason after a transport
 * failure), the check is on what it does name (the session is ended), and the rest is a remark.
 */
import { CancelSessionReasons } from '../../asn1/rsp/index.ts';
import { may, type Reading, shall } from '../verdict.ts';

export const INSTALLS: Reading = shall(
  'SGP.22 3.1.3',
  'with nothing in the way, the LPAd downloads the BPP (ES9+.GetBoundProfilePackage) and has the eUICC install it (ES10b.LoadBoundProfilePackage)',
);

export const DELIVERS_RESULT: Reading = shall(
  'SGP.22 3.1.3, 3.5, 5.6.4',
  'the LPAd delivers the ProfileInstallationResult the eUICC produced, success or not, to the SM-DP+ (ES9+.HandleNotification)',
  'lpac and the built-in LPA send it after ES10b.LoadBoundProfilePackage, also when the eUICC refused the BPP',
);

export const REMOVES_ACKNOWLEDGED: Reading = shall(
  'SGP.22 3.5, 5.7.11',
  'a notification the SM-DP+ acknowledged is removed from the eUICC (ES10b.RemoveNotificationFromList)',
  'lpac `notification process -r`, the built-in LPA',
);

export const KEEPS_UNACKNOWLEDGED: Reading = shall(
  'SGP.22 3.5',
  'a notification the SM-DP+ did not acknowledge (an error status, an HTTP error, no answer) stays on the eUICC, to be sent again later',
  'the built-in LPA keeps it; lpac `notification process -r` removed it after an SGP.22 error status (a finding, 2026-11-28)',
);

export const STOPS_AFTER_FAILURE: Reading = shall(
  'SGP.22 3.1.3, 6.5',
  'after an ES9+ function failed (an error status, an HTTP error, no answer or an answer it cannot use) the LPAd does not call the next function of the download',
);

export const ENDS_SESSION: Reading = shall(
  'SGP.22 3.1.3, 3.1.3.3',
  'a download that cannot go on after authenticateClient ends with the Common Cancel Session procedure: ES10b.CancelSession, then ES9+.CancelSession with the eUICC-signed answer',
  'lpac (err: in download.c) and the built-in LPA both do it after any getBoundProfilePackage failure',
);

export const ENDS_AFTER_REFUSAL: Reading = shall(
  'SGP.22 3.1.2, 3.1.3, 5.7.13, 5.7.5',
  "after the eUICC refused the server (AuthenticateServer or PrepareDownload answered an error) the LPAd goes no further: it ends the session with ES9+.CancelSession, or hands the eUICC's error answer to the SM-DP+ in the next function (the error CHOICEs of AuthenticateServerResponse and PrepareDownloadResponse exist for that), which the SM-DP+ refuses",
  'lpac hands the error over then cancels; the built-in LPA cancels',
);

export const NO_BPP_WITHOUT_CONFIRMATION: Reading = shall(
  'SGP.22 3.1.3.2, 3.1.3.3',
  'an order that needs a Confirmation Code the End User does not give is not downloaded: no getBoundProfilePackage, the session ends with the Common Cancel Session procedure',
);

export const FINISHES: Reading = shall(
  'SGP.22 3.1.3',
  "each download the LPAd starts ends — installed, or its session cancelled; an LPAd still running at the lab's time limit did neither (a slower correct LPA needs a longer --time-limit)",
);

/**
 * The reason an LPAd cancels with after a getBoundProfilePackage failure: SGP.22 names none for it.
 * endUserRejection makes the order final at the SM-DP+ (Error, SGP.22 5.6.5), postponed or timeout leave it
 * downloadable again — worth knowing, not a failure.
 */
export const REASON_AFTER_FAILURE: Reading = may(
  'SGP.22 5.6.5, 5.7.14',
  'the LPAd chooses the CancelSessionReason after a getBoundProfilePackage failure (SGP.22 names none for it); postponed or timeout leave the order downloadable again, endUserRejection makes it final',
  'lpac sends endUserRejection after every error (download.c), the built-in LPA postponed',
);

/** The End User gave no Confirmation Code: declining (endUserRejection) and postponing are both theirs. */
export const REASON_WITHOUT_CONFIRMATION: Reading = may(
  'SGP.22 3.1.3.2, 5.7.14',
  'an End User who does not confirm the download rejects or postpones it: reason endUserRejection or postponed',
);

/** A reason as SGP.22 names it ("1 postponed"); values the project's module lacks by number. */
export function reasonName(reason: number | undefined): string {
  if (reason === undefined) return 'none';
  const name = Object.entries(CancelSessionReasons).find(([, value]) => value === reason)?.[0];
  return name ? `${reason} ${name}` : `${reason}`;
}
