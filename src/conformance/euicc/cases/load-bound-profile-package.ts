/**
 * ES10b.LoadBoundProfilePackage (SGP.22 5.7.6, ES8+ 5.5, BPP 2.5.5): nominal on each CI (curve) the card
 * supports, with profile protection keys (5.5.4), with StoreMetadata over two '88' segments, with small
 * segments; then one fault at a time — a MAC changed in each kind of segment, the ISCR's signature and
 * transactionId, segments over the 1020-byte limit, parts out of order, a segment replayed, an ICCID the card
 * already holds. Every ProfileInstallationResult is verified (signature, data) and its result judged by the
 * names of bppCommandId and errorReason. A profile installed is deleted afterwards by the campaign.
 */

import { BppCommandIds, ErrorReasons } from '../../../asn1/rsp/index.ts';
import { peekTag } from '../../../asn1/tlv.ts';
import { randomBytes } from '../../../crypto/random.ts';
import { withEmulatorDetail } from '../../error-reason.ts';
import { flippedBit } from '../../tamper.ts';
import {
  check,
  checkThat,
  Inconclusive,
  judge,
  precondition,
  type Reading,
  shall,
  should,
} from '../../verdict.ts';
import {
  checkAuthenticateOk,
  checkInstallationResult,
  checkPrepareOk,
  finalResultOf,
  READINGS,
} from '../card-checks.ts';
import type { BindOptions, DownloadSession } from '../download-session.ts';
import type { EuiccCase, EuiccCaseContext } from '../euicc-case.ts';
import type { LabIdentity } from '../lab-smdp.ts';
import type { TestProfile } from '../test-profile.ts';

const NAMES = { commands: BppCommandIds, reasons: ErrorReasons };

const LOAD_OK = shall(
  'SGP.22 5.7.6, 5.5',
  'a Bound Profile Package made as SGP.22 2.5.5 and 5.5 say is installed: finalResult successResult with the ISD-P AID',
);
const PROFILE_LISTED = shall(
  'SGP.22 5.7.15, 5.5.3',
  'the installed profile is listed by GetProfilesInfo, disabled, with the metadata StoreMetadata gave',
);
const MAC = shall(
  'SGP.22 2.5.6, 5.5',
  'a segment whose C-MAC does not verify fails the installation with errorReason scp03tSecurityError, naming the command of that segment',
);
const ISCR_SIGNATURE = shall(
  'SGP.22 5.5.1, 5.7.6',
  'an InitialiseSecureChannel whose smdpSign does not verify fails the installation: initialiseSecureChannel / invalidSignature',
);
const ISCR_TRANSACTION = shall(
  'SGP.22 5.5.1, 5.7.6',
  'an InitialiseSecureChannel naming another transactionId fails the installation: initialiseSecureChannel / invalidTransactionId',
);
const OVERSIZED = should(
  'SGP.22 2.5.5',
  'segments over 1020 bytes (tag, length and MAC included) are not accepted',
  'SGP.22 limits what the SM-DP+ sends and names no error for an eUICC that takes more: acceptance is a remark',
);
const STRUCTURE = shall(
  'SGP.22 2.5.5, 2.5.6',
  'a BPP whose parts come out of order, or with a segment repeated, is not installed (the MAC chain runs through every segment in order)',
);
const ICCID_EXISTS = shall(
  'SGP.22 5.7.6, 5.5.3',
  'a profile whose ICCID the eUICC already holds is not installed: errorReason installFailedDueToIccidAlreadyExistsOnEuicc',
);

/** An authenticated, prepared session (preconditions) for `identity`. */
async function prepared(context: EuiccCaseContext, identity?: LabIdentity) {
  const session = context.session(identity);
  const card = await precondition('AuthenticateServer', async () =>
    checkAuthenticateOk(session, await session.authenticate(), context.now()),
  );
  await precondition('PrepareDownload', async () =>
    checkPrepareOk(session, card, (await session.prepareDownload()).value),
  );
  return { session, card };
}

/**
 * The verified result: its line as the card's bytes say it ("success", "error <command>/<reason>"), which
 * the checks compare, and as the report shows it, with our emulator's own detail of a refusal beside it.
 */
export interface Outcome {
  readonly line: string;
  readonly shown: string;
}

/** Loads `pieces` and returns the verified result. */
async function loaded(
  context: EuiccCaseContext,
  session: DownloadSession,
  publicKey: Parameters<typeof checkInstallationResult>[1],
  pieces: readonly Buffer[],
  profile: TestProfile,
): Promise<Outcome> {
  const result = await session.load(pieces);
  const data = checkInstallationResult(session, publicKey, result, profile.iccid);
  const line = finalResultOf(data, NAMES);
  const shown = withEmulatorDetail(line, context.refusalDetail(data.notificationMetadata.seqNumber));
  context.note(`finalResult: ${shown}`);
  return { line, shown };
}

/** The finalResult must be `expected` (a SHALL of `reading`). */
const expectResult = (what: string, expected: string, outcome: Outcome, reading: Reading) =>
  checkThat(what, outcome.line === expected, expected, outcome.shown, reading);

/** A full download with a change to the pieces (or the BPP options), the result line returned. */
export async function download(
  context: EuiccCaseContext,
  change: {
    bind?: BindOptions;
    pieces?: (pieces: Buffer[]) => Buffer[];
    profile?: TestProfile;
    identity?: LabIdentity;
  },
): Promise<Outcome> {
  const profile = change.profile ?? (await context.profile());
  const { session, card } = await prepared(context, change.identity);
  const { pieces } = session.boundProfilePackage(profile, change.bind);
  return loaded(
    context,
    session,
    card.chain.euiccPublicKey,
    change.pieces ? change.pieces(pieces) : pieces,
    profile,
  );
}

/** Index of the first piece starting with `tag` (the BPP's pieces as LPAs send them, SGP.22 2.5.5). */
function pieceIndex(pieces: readonly Buffer[], tag: number, nth = 0): number {
  const at = pieces.map((p, i) => (peekTag(p) === tag ? i : -1)).filter((i) => i >= 0)[nth];
  if (at === undefined) throw new Inconclusive(`the BPP has no piece ${tag.toString(16)}`, 'build the BPP');
  return at;
}

/** The pieces with the last bit of one piece's last byte flipped: its last segment's C-MAC. */
const macFlipped = (tag: number) => (pieces: Buffer[]) => {
  const at = pieceIndex(pieces, tag);
  return pieces.map((p, i) => (i === at ? flippedBit(p, -1) : p));
};

const PPK = () => ({
  ppkEnc: randomBytes(16),
  ppkCmac: randomBytes(16),
  initialMacChainingValue: randomBytes(16),
});

function macCase(
  id: string,
  segment: string,
  tag: number,
  command: keyof typeof BppCommandIds,
  ppk = false,
): EuiccCase {
  return {
    id,
    area: 'ES10b.LoadBoundProfilePackage',
    title: `a changed C-MAC in ${segment}: ${command} / scp03tSecurityError`,
    reference: 'SGP.22 5.7.6, 2.5.6, 5.5',
    readings: [MAC, READINGS.pirSignature, READINGS.pirData],
    async run(context) {
      const outcome = await download(context, {
        pieces: macFlipped(tag),
        ...(ppk ? { bind: { ppk: PPK() } } : {}),
      });
      expectResult('finalResult', `error ${command}/scp03tSecurityError`, outcome, MAC);
    },
  };
}

function nominal(
  id: string,
  title: string,
  bind: () => BindOptions,
  profileOptions: { iconBytes?: number } = {},
  reading: Reading = LOAD_OK,
): EuiccCase {
  return {
    id,
    area: 'ES10b.LoadBoundProfilePackage',
    title,
    reference: 'SGP.22 5.7.6, 5.5, 2.5.5',
    readings: [reading, READINGS.pirSignature, READINGS.pirData, PROFILE_LISTED],
    async run(context) {
      const profile = await context.profile(profileOptions);
      expectResult('finalResult', 'success', await download(context, { bind: bind(), profile }), reading);
      const [info] = await context.card.listProfiles({ searchCriteria: { iccid: profile.iccid } });
      checkThat(
        'GetProfilesInfo of the new ICCID',
        info !== undefined,
        'the profile',
        'no profile',
        PROFILE_LISTED,
      );
      check('profileState', 0, info?.profileState, PROFILE_LISTED);
      check('profileName', profile.metadata.profileName, info?.profileName, PROFILE_LISTED);
      check(
        'serviceProviderName',
        profile.metadata.serviceProviderName,
        info?.serviceProviderName,
        PROFILE_LISTED,
      );
      if (profile.metadata.icon)
        check('icon', profile.metadata.icon.toString('hex'), info?.icon?.toString('hex'), PROFILE_LISTED);
    },
  };
}

export const LOAD_BPP_CASES: readonly EuiccCase[] = [
  {
    id: 'EB-LBPP-NOM',
    area: 'ES10b.LoadBoundProfilePackage',
    title: 'a profile downloaded and installed on each CI (curve) the card supports, 1020-byte segments',
    reference: 'SGP.22 5.7.6, 5.5, 2.5.5',
    readings: [LOAD_OK, READINGS.pirSignature, READINGS.pirData],
    async run(context) {
      if (context.facts.identities.length === 0)
        throw new Inconclusive('the card names no CI the lab has DPauth/DPpb for', 'select a CI');
      for (const identity of context.facts.identities) {
        const profile = await context.profile();
        expectResult(
          `finalResult (${identity.curve})`,
          'success',
          await download(context, { profile, identity }),
          LOAD_OK,
        );
      }
    },
  },
  nominal('EB-LBPP-PPK', 'with profile protection keys (ReplaceSessionKeys, second sequence of 87)', () => ({
    ppk: PPK(),
  })),
  nominal('EB-LBPP-META-SPLIT', "StoreMetadata over two '88' segments (a 1000-byte icon)", () => ({}), {
    iconBytes: 1000,
  }),
  nominal('EB-LBPP-SEG-SMALL', "'86' segments of 200 bytes of profile each", () => ({
    profileSegmentPlainSize: 200,
  })),
  macCase('EB-LBPP-MAC-87', "ConfigureISDP's '87'", 0xa0, 'configureISDP'),
  macCase('EB-LBPP-MAC-88', "StoreMetadata's '88'", 0x88, 'storeMetadata'),
  macCase('EB-LBPP-MAC-87-RSK', "ReplaceSessionKeys' '87'", 0xa2, 'replaceSessionKeys', true),
  macCase('EB-LBPP-MAC-86', "a profile '86'", 0x86, 'loadProfileElements'),
  {
    id: 'EB-LBPP-ISCR-SIG',
    area: 'ES10b.LoadBoundProfilePackage',
    title: 'smdpSign of InitialiseSecureChannel changed: initialiseSecureChannel / invalidSignature',
    reference: 'SGP.22 5.5.1, 5.7.6',
    readings: [ISCR_SIGNATURE, READINGS.pirSignature, READINGS.pirData],
    async run(context) {
      const outcome = await download(context, {
        pieces: (pieces) => [flippedBit(pieces[0] ?? Buffer.alloc(1), -1), ...pieces.slice(1)],
      });
      expectResult('finalResult', 'error initialiseSecureChannel/invalidSignature', outcome, ISCR_SIGNATURE);
    },
  },
  {
    id: 'EB-LBPP-ISCR-TXID',
    area: 'ES10b.LoadBoundProfilePackage',
    title:
      'InitialiseSecureChannel naming another transactionId: initialiseSecureChannel / invalidTransactionId',
    reference: 'SGP.22 5.5.1, 5.7.6',
    readings: [ISCR_TRANSACTION, READINGS.pirSignature, READINGS.pirData],
    async run(context) {
      const outcome = await download(context, { bind: { transactionId: randomBytes(16) } });
      expectResult(
        'finalResult',
        'error initialiseSecureChannel/invalidTransactionId',
        outcome,
        ISCR_TRANSACTION,
      );
    },
  },
  {
    id: 'EB-LBPP-SEG-OVER',
    area: 'ES10b.LoadBoundProfilePackage',
    title: "'86' segments over 1020 bytes: not accepted",
    reference: 'SGP.22 2.5.5, 5.7.6',
    readings: [OVERSIZED, READINGS.pirSignature, READINGS.pirData],
    async run(context) {
      const { line, shown } = await download(context, { bind: { profileSegmentPlainSize: 1500 } });
      judge(context, OVERSIZED, 'finalResult', line !== 'success', 'an errorResult', shown);
    },
  },
  {
    id: 'EB-LBPP-ORDER',
    area: 'ES10b.LoadBoundProfilePackage',
    title: 'StoreMetadata sent before ConfigureISDP: not installed',
    reference: 'SGP.22 2.5.5, 5.7.6',
    readings: [STRUCTURE, READINGS.pirSignature, READINGS.pirData],
    async run(context) {
      const { line, shown } = await download(context, {
        pieces: (pieces) => {
          const a0 = pieceIndex(pieces, 0xa0);
          const a1 = pieceIndex(pieces, 0xa1);
          const a2OrA3 = pieces.findIndex((p, i) => i > a1 && (peekTag(p) === 0xa2 || peekTag(p) === 0xa3));
          return [
            ...pieces.slice(0, a0),
            ...pieces.slice(a1, a2OrA3),
            pieces[a0] ?? Buffer.alloc(0),
            ...pieces.slice(a2OrA3),
          ];
        },
      });
      checkThat('finalResult', line !== 'success', 'an errorResult', shown, STRUCTURE);
    },
  },
  {
    id: 'EB-LBPP-REPLAY',
    area: 'ES10b.LoadBoundProfilePackage',
    title: "an '86' segment sent twice: not installed",
    reference: 'SGP.22 2.5.5, 2.5.6, 5.7.6',
    readings: [STRUCTURE, READINGS.pirSignature, READINGS.pirData],
    async run(context) {
      const { line, shown } = await download(context, {
        pieces: (pieces) => {
          const at = pieceIndex(pieces, 0x86);
          return [...pieces.slice(0, at + 1), pieces[at] ?? Buffer.alloc(0), ...pieces.slice(at + 1)];
        },
      });
      checkThat('finalResult', line !== 'success', 'an errorResult', shown, STRUCTURE);
    },
  },
  {
    id: 'EB-LBPP-ICCID-EXISTS',
    area: 'ES10b.LoadBoundProfilePackage',
    title: 'a second profile with an ICCID already on the card: installFailedDueToIccidAlreadyExistsOnEuicc',
    reference: 'SGP.22 5.7.6, 5.5.3',
    readings: [ICCID_EXISTS, READINGS.pirSignature, READINGS.pirData],
    async run(context) {
      const first = await context.profile();
      await context.install(first);
      const { line, shown } = await download(context, { profile: first });
      checkThat(
        'finalResult',
        line.endsWith('/installFailedDueToIccidAlreadyExistsOnEuicc'),
        'error */installFailedDueToIccidAlreadyExistsOnEuicc',
        shown,
        ICCID_EXISTS,
      );
    },
  },
];
