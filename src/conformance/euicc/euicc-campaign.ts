/**
 * The eUICC campaign: a pre-flight that learns the card (EID, EUICCInfo1, the CIs it signs under) and
 * refuses one that is not a test card, the card's state read once, then each case with its own recorded ES10
 * client, the card put back as it was after each (card-baseline.ts). A case that needs an undoable change
 * runs only when the user allows destructive cases.
 */
import type { ApduTransport } from '../../apdu/transport.ts';
import { BppCommandIds, ErrorReasons } from '../../asn1/rsp/index.ts';
import { EuiccEmulator } from '../../euicc/emulator.ts';
import { Es10Client } from '../../lpa/es10-client.ts';
import type { CiCertificate } from '../../pki/trusted-ci.ts';
import { type CampaignOptions, type CaseResult, runCases } from '../campaign.ts';
import { emulatorDetail, withEmulatorDetail } from '../error-reason.ts';
import { checkThat, Inconclusive, precondition, type Remark } from '../verdict.ts';
import { type CardBaseline, readBaseline, restoreBaseline } from './card-baseline.ts';
import {
  checkAuthenticateOk,
  checkInstallationResult,
  checkPrepareOk,
  finalResultOf,
  READINGS,
} from './card-checks.ts';
import { DownloadSession } from './download-session.ts';
import type { CardFacts, EuiccCase, EuiccCaseContext, InstalledProfile } from './euicc-case.ts';
import type { LabSmdp } from './lab-smdp.ts';
import { RecordedEs10Client } from './recorded-es10-client.ts';
import { testProfile } from './test-profile.ts';

export class CardRefused extends Error {
  override readonly name = 'CardRefused';
}

export interface EuiccCampaignOptions extends CampaignOptions {
  readonly lab: LabSmdp;
  /** CIs a test card may sign under: the SGP.26 test CIs and those of --pki. */
  readonly testCis: readonly CiCertificate[];
  readonly notATestCardIKnow?: boolean;
  readonly allowDestructive?: boolean;
  readonly now?: () => Date;
  /** The Unprotected Profile Package the installed profiles are copies of (default: TS.48's, fixtures/upp). */
  readonly upp?: Buffer;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();

/** What the campaign needs to know of the card before any case; a card signing under a production CI is refused. */
async function preflight(
  transport: ApduTransport,
  options: Pick<EuiccCampaignOptions, 'lab' | 'testCis' | 'notATestCardIKnow'>,
): Promise<CardFacts> {
  const es10 = new Es10Client(transport);
  try {
    const euiccInfo1 = await es10.getEuiccInfo1();
    const eid = Buffer.from(await es10.getEid(), 'hex');
    const foreign = euiccInfo1.euiccCiPKIdListForSigning.filter(
      (id) => !options.testCis.some((ci) => ci.subjectKeyIdentifier.equals(id)),
    );
    if (foreign.length > 0 && !options.notATestCardIKnow)
      throw new CardRefused(
        `the card signs under CI ${foreign.map(hex).join(', ')}, not a test CI (SGP.26 or --pki): refusing it (--not-a-test-card-i-know to go on)`,
      );
    const identities = options.lab.identities.filter(
      (i) =>
        euiccInfo1.euiccCiPKIdListForVerification.some((id) => id.equals(i.ci.subjectKeyIdentifier)) &&
        euiccInfo1.euiccCiPKIdListForSigning.some((id) => id.equals(i.ci.subjectKeyIdentifier)),
    );
    return { eid, euiccInfo1, identities };
  } finally {
    await es10.close();
  }
}

export async function runEuiccCampaign(
  transport: ApduTransport,
  cases: readonly EuiccCase[],
  options: EuiccCampaignOptions,
): Promise<CaseResult[]> {
  const facts = await preflight(transport, options);
  const reader = new Es10Client(transport);
  const baseline = await readBaseline(reader);
  await reader.close();
  // A destructive case the user did not allow is inconclusive, saying why, without touching the card.
  const runnable = cases.map((c) =>
    c.destructive && !options.allowDestructive
      ? {
          ...c,
          run: () =>
            Promise.reject(
              new Inconclusive(
                'changes the card for good: runs only with --allow-destructive',
                'allow destructive cases',
              ),
            ),
        }
      : c,
  );
  return runCases<EuiccCaseContext>(
    runnable,
    () => {
      const card = new RecordedEs10Client(transport);
      const notes: string[] = [];
      const remarks: Remark[] = [];
      return {
        notes,
        remarks,
        context: caseContext(card, facts, baseline, { ...options, transport }, notes, remarks),
        exchanges: () => card.exchanges,
        close: () => close(transport, card, baseline, notes),
      };
    },
    options,
  );
}

/** After a case: its channel closed, then the card restored on a channel of its own (not in the case's record). */
async function close(
  transport: ApduTransport,
  card: RecordedEs10Client,
  baseline: CardBaseline,
  notes: string[],
): Promise<void> {
  await card.close().catch(() => undefined);
  const restorer = new Es10Client(transport);
  try {
    const done = await restoreBaseline(restorer, baseline);
    if (done.length > 0) notes.push(`card restored: ${done.join('; ')}`);
  } catch (error) {
    notes.push(`the card could not be restored: ${(error as Error).message}`);
  } finally {
    await restorer.close().catch(() => undefined);
  }
}

function caseContext(
  card: RecordedEs10Client,
  facts: CardFacts,
  baseline: CardBaseline,
  options: EuiccCampaignOptions & { readonly transport: ApduTransport },
  notes: string[],
  remarks: Remark[],
): EuiccCaseContext {
  // Only our own eUICC, in this process, has a detail to give beside an errorReason.
  const ours = options.transport instanceof EuiccEmulator ? options.transport : undefined;
  const now = options.now ?? (() => new Date());
  const lab = options.lab;
  const context: EuiccCaseContext = {
    card,
    lab,
    facts,
    allowDestructive: options.allowDestructive === true,
    now,
    session(identity) {
      const chosen = identity ?? facts.identities[0];
      if (!chosen)
        throw new Inconclusive(
          'the card names no CI the lab has DPauth/DPpb for (EUICCInfo1 lists for verification and signing)',
          'select a CI',
        );
      return new DownloadSession(card, chosen, lab.address, facts.eid);
    },
    async profile(profileOptions = {}) {
      const taken = await precondition('GetProfilesInfo (ICCIDs on the card)', async () =>
        (await card.listProfiles({ tagList: Buffer.from([0x5a]) })).flatMap((p) =>
          p.iccid ? [p.iccid.toString('hex')] : [],
        ),
      );
      return testProfile({
        ...profileOptions,
        notificationAddress: lab.address,
        taken: [...taken, ...baseline.iccids],
        ...(options.upp ? { template: options.upp } : {}),
      });
    },
    async install(profile, identity) {
      const session = context.session(identity);
      const authenticated = await precondition('AuthenticateServer', async () =>
        checkAuthenticateOk(session, await session.authenticate(), now()),
      );
      await precondition('PrepareDownload', async () =>
        checkPrepareOk(session, authenticated, (await session.prepareDownload()).value),
      );
      const { pieces } = session.boundProfilePackage(profile);
      return precondition('LoadBoundProfilePackage', async () => {
        const result = await session.load(pieces);
        const data = checkInstallationResult(
          session,
          authenticated.chain.euiccPublicKey,
          result,
          profile.iccid,
        );
        const final = data.finalResult;
        const line = finalResultOf(data, { commands: BppCommandIds, reasons: ErrorReasons });
        const detail = context.refusalDetail(data.notificationMetadata.seqNumber);
        checkThat(
          'finalResult',
          line === 'success',
          'success',
          withEmulatorDetail(line, detail),
          READINGS.pirData,
        );
        const installed: InstalledProfile = {
          profile,
          session,
          card: authenticated,
          result: result ?? Buffer.alloc(0),
          isdpAid: 'successResult' in final ? final.successResult.aid : Buffer.alloc(0),
          seqNumber: data.notificationMetadata.seqNumber,
        };
        return installed;
      });
    },
    note: (text) => notes.push(text),
    refusalDetail: (seqNumber) => (ours ? emulatorDetail(ours, seqNumber) : undefined),
    remark: (remark) => {
      remarks.push(remark);
      notes.push(
        `remark: ${remark.what}: expected ${remark.expected}, observed ${remark.observed} (${remark.reading.clause} ${remark.reading.word})`,
      );
    },
  };
  return context;
}
