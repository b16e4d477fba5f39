/**
 * Profile download triggers (SGP.32 2.11.1.3, 3.2; reference §7): GetEimPackage answered
 * `BF54 { profileDownloadData, eimTransactionId }`. What to download: an activation code (its SM-DP+ address
 * and matchingId), the eUICC's default SM-DP+ (empty matchingId), or an SM-DS (direct only: discovery, then
 * the event's SM-DP+).
 *
 * - **Indirect** (3.2.3.2, the eIM relays ES9+): ES10b GetEUICCInfo1 and GetEUICCChallenge, ESipa
 *   InitiateAuthentication, ES10b AuthenticateServer with ctxParams1 built from the activation code's
 *   matchingId and the device's DeviceInfo (onomondo-eim leaves it out of its answer), ESipa
 *   AuthenticateClient, ES10b PrepareDownload, ESipa GetBoundProfilePackage, ES10b LoadBoundProfilePackage,
 *   ImmediateEnable (SGP.32 5.9.15; the eUICC says whether it is configured), then the ProfileInstallationResult
 *   by ESipa HandleNotification and RemoveNotificationFromList. The eUICC's answers go to the eIM unchanged.
 *   A refusal on either side ends the session with ES10b CancelSession and ESipa CancelSession (its answer
 *   under `A1`, reference §7).
 * - **Direct** (IPA capability directRspServerCommunication): the built-in LPA's ES9+ download against the
 *   SM-DP+ (src/lpa/download.ts), then `ProvideEimPackageResult { BF54 { eimTransactionId,
 *   profileInstallationResult } }` to the eIM.
 * A download that fails is reported as `BF54 { profileDownloadError { undefinedError, errorResponse } }`
 * with the refusing answer's DER where there is one (our reading: SGP.32 names no other code for it); a trigger
 * without profileDownloadData or with an activation code that does not parse, as eimPackageResultResponseError
 * invalidPackageFormat (SGP.32 3.2.3.2 steps 3-4).
 */
import type { ApduTransport } from '../apdu/transport.ts';
import {
  AuthenticateServerRequestAsSigned,
  type DeviceInfo,
  EUICCInfo1,
  PrepareDownloadRequestAsSigned,
} from '../asn1/rsp/index.ts';
import { derOf } from '../asn1/schema.ts';
import {
  ImmediateEnableResults,
  type ProfileDownloadTriggerRequest,
  ProvideEimPackageResultAsSigned,
  Sgp32ProfileInstallationResult,
  StateChangeCauses,
} from '../asn1/sgp32/index.ts';
import { encodeTlv, readTlv } from '../asn1/tlv.ts';
import { type ActivationCode, ActivationCodeError, parseActivationCode } from '../lpa/activation-code.ts';
import { discoverEvents, downloadEvent } from '../lpa/discovery.ts';
import { type DownloadResult, downloadProfile } from '../lpa/download.ts';
import type { Es9Options } from '../lpa/es9-client.ts';
import { packageErrorReport } from './eim-package.ts';
import { type EsipaClient, EsipaError } from './esipa-client.ts';
import { exactRequest, transactionIdTlv } from './esipa-request.ts';
import type { IpaCard } from './start-up.ts';

export type DownloadMode = 'direct' | 'indirect';

/** SGP.22 CancelSessionReason undefinedReason(127): the IPA ends a session for a reason no other value names. */
const UNDEFINED_REASON = 127;
/** SGP.22 CancelSessionReason postponed(1): a confirmation code the IPA cannot ask anyone for. */
const POSTPONED = 1;

export interface DownloadContext {
  readonly card: IpaCard;
  readonly transport: ApduTransport;
  readonly esipa: EsipaClient;
  readonly mode: DownloadMode;
  readonly deviceInfo: DeviceInfo;
  /** ES9+ TLS for direct downloads (default: the bundled SGP.26 test CI). */
  readonly es9?: Es9Options;
}

export interface DownloadOutcome {
  readonly mode: DownloadMode;
  readonly smdpAddress?: string;
  readonly installed: boolean;
  /** ICCID installed (hex, as the eUICC encodes it), when it was. */
  readonly iccid?: string;
  readonly error?: string;
  /** The state change the IPA tells the eIM at its next poll (an immediate enable). */
  readonly stateChangeCause?: number;
}

class DownloadRefused extends Error {
  constructor(
    message: string,
    /** The answer that refused (DER), reported to the eIM as errorResponse. */
    readonly errorResponse?: Buffer,
  ) {
    super(message);
  }
}

export async function runDownloadTrigger(
  context: DownloadContext,
  trigger: ProfileDownloadTriggerRequest,
): Promise<DownloadOutcome> {
  const { card, esipa, mode } = context;
  const eimTransactionId = trigger.eimTransactionId;
  // SGP.32 3.2.3.2: the ProfileInstallationResult goes to the eIM as the eUICC made it (euiccSignPIR covers
  // its bytes), so the report carries it as the eUICC's TLV, never a re-encoding of its decoded value.
  const report = (
    data: Extract<
      Parameters<typeof ProvideEimPackageResultAsSigned.encode>[0]['eimPackageResult'],
      { profileDownloadTriggerResult: unknown }
    >,
  ) =>
    esipa.send(
      'provideEimPackageResult',
      ProvideEimPackageResultAsSigned.encode({ eidValue: card.eid, eimPackageResult: data }),
    );
  const reportError = (errorResponse: Buffer | undefined) =>
    report({
      profileDownloadTriggerResult: {
        ...(eimTransactionId ? { eimTransactionId } : {}),
        profileDownloadTriggerResultData: {
          profileDownloadError: {
            profileDownloadErrorReason: 127,
            ...(errorResponse ? { errorResponse } : {}),
          },
        },
      },
    });
  let code: ActivationCode | undefined;
  try {
    code = await activationCodeOf(context, trigger);
    if (mode === 'indirect') {
      if (!code) throw new DownloadRefused('an SM-DS trigger needs a direct download (--download direct)');
      const installed = await indirectDownload(context, code, eimTransactionId);
      return { mode, smdpAddress: code.smdpAddress, ...installed };
    }
    const result = await directDownload(context, code, trigger);
    const pir = result.profileInstallationResult;
    if (!pir) throw new DownloadRefused('the download gave no ProfileInstallationResult');
    await report({
      profileDownloadTriggerResult: {
        ...(eimTransactionId ? { eimTransactionId } : {}),
        profileDownloadTriggerResultData: {
          profileInstallationResult: pir,
        },
      },
    });
    const enabled = result.success ? await immediateEnable(card) : undefined;
    return {
      mode,
      ...(code ? { smdpAddress: code.smdpAddress } : {}),
      installed: result.success,
      iccid: result.iccid.toString('hex'),
      ...(enabled !== undefined ? { stateChangeCause: enabled } : {}),
    };
  } catch (error) {
    if (error instanceof EsipaError || !(error instanceof Error)) throw error;
    if (error instanceof UnusableTrigger) {
      // not a download that failed: a package the IPA could not use (SGP.32 6.3.2.7)
      await esipa.send(
        'provideEimPackageResult',
        packageErrorReport(card.eid, 'invalidPackageFormat', eimTransactionId),
      );
      return { mode, installed: false, error: `invalidPackageFormat: ${error.message}` };
    }
    // a download that failed: the eIM learns it from the trigger's result
    await reportError(error instanceof DownloadRefused ? error.errorResponse : undefined);
    return {
      mode,
      ...(code ? { smdpAddress: code.smdpAddress } : {}),
      installed: false,
      error: error.message,
    };
  }
}

/**
 * A trigger the IPA cannot start a download from: no profileDownloadData (this IPA has not the capability
 * eimDownloadDataHandling) or an activation code that does not parse (SGP.22 4.1). SGP.32 3.2.3.2 steps 3-4
 * (as an onomondo-ipa v1.2 port quotes them): the IPA returns invalidPackageFormat, not a download error.
 */
class UnusableTrigger extends Error {}

/** The activation code a trigger stands for; undefined for an SM-DS (the event names the SM-DP+). */
async function activationCodeOf(
  { card }: DownloadContext,
  trigger: ProfileDownloadTriggerRequest,
): Promise<ActivationCode | undefined> {
  const data = trigger.profileDownloadData;
  if (!data) throw new UnusableTrigger('the trigger has no profileDownloadData');
  if ('activationCode' in data) {
    try {
      return parseActivationCode(data.activationCode);
    } catch (error) {
      if (!(error instanceof ActivationCodeError)) throw error;
      throw new UnusableTrigger(error.message);
    }
  }
  if ('contactDefaultSmdp' in data) {
    const { defaultDpAddress } = await card.es10.getConfiguredAddresses();
    if (!defaultDpAddress) throw new DownloadRefused('the eUICC has no default SM-DP+ address');
    return { smdpAddress: defaultDpAddress, matchingId: '', confirmationCodeRequired: false };
  }
  return undefined;
}

/** ES10b.ImmediateEnable after an installation (SGP.32 5.9.15); the state change cause when it enabled. */
async function immediateEnable(card: IpaCard): Promise<number | undefined> {
  const { value } = await card.iot.immediateEnable();
  return value.immediateEnableResult === ImmediateEnableResults.ok
    ? StateChangeCauses.immediateEnableProfile
    : undefined;
}

async function directDownload(
  context: DownloadContext,
  code: ActivationCode | undefined,
  trigger: ProfileDownloadTriggerRequest,
): Promise<DownloadResult> {
  const options = {
    euicc: context.transport,
    deviceInfo: context.deviceInfo,
    ...(context.es9 ? { es9: context.es9 } : {}),
  };
  if (code) return downloadProfile({ ...options, activationCode: code });
  const data = trigger.profileDownloadData;
  const smdsAddress = data && 'contactSmds' in data ? data.contactSmds.smdsAddress : undefined;
  const [event] = await discoverEvents({ ...options, ...(smdsAddress ? { smdsAddress } : {}) });
  if (!event) throw new DownloadRefused(`no event for this eUICC at ${smdsAddress ?? 'its root SM-DS'}`);
  return downloadEvent(event, options);
}

/** The indirect download through the eIM (SGP.32 3.2.3.2). */
async function indirectDownload(
  context: DownloadContext,
  code: ActivationCode,
  eimTransactionId: Buffer | undefined,
): Promise<Omit<DownloadOutcome, 'mode' | 'smdpAddress'>> {
  const { card, esipa } = context;
  const euiccInfo1 = await card.es10.getEuiccInfo1Der();
  const euiccChallenge = await card.es10.getEuiccChallenge();
  const initiated = await esipa.call('initiateAuthentication', {
    euiccChallenge,
    smdpAddress: code.smdpAddress,
    euiccInfo1: EUICCInfo1.decode(euiccInfo1),
    ...(eimTransactionId ? { eimTransactionId } : {}),
  });
  if (!('initiateAuthenticationOkEsipa' in initiated.value))
    throw new DownloadRefused(
      `InitiateAuthentication refused (${initiated.value.initiateAuthenticationErrorEsipa})`,
      initiated.der,
    );
  const ok = initiated.value.initiateAuthenticationOkEsipa;
  const transactionId = ok.transactionId ?? ok.serverSigned1.transactionId;
  // SGP.32 3.2.3.2: the eIM may leave ctxParams1 to the IPA (onomondo-eim does): matchingId + DeviceInfo
  const ctxParams1 = ok.ctxParams1 ?? {
    ctxParamsForCommonAuthentication: { matchingId: code.matchingId, deviceInfo: context.deviceInfo },
  };
  const authenticated = await card.es10.authenticateServer(
    // serverSigned1 as the eIM relayed the SM-DP+'s bytes: serverSignature1 covers them (SGP.22 5.7.13)
    AuthenticateServerRequestAsSigned.encode({
      serverSigned1: derOf(ok.serverSigned1),
      serverSignature1: ok.serverSignature1,
      euiccCiPKIdToBeUsed: ok.euiccCiPKIdentifierToBeUsed,
      serverCertificate: ok.serverCertificate,
      ctxParams1,
    }),
  );
  const cancel = (reason: number) => cancelSession(context, transactionId, reason);
  // the eUICC's answer, refusal or not, goes to the SM-DP+ (SGP.22 3.1.3.1): it ends the session then
  const client = await esipa.send(
    'authenticateClient',
    exactRequest('authenticateClient', transactionIdTlv(transactionId), authenticated.der),
  );
  if (!('authenticateClientOkDPEsipa' in client.value)) {
    if ('authenticateClientErrorEsipa' in client.value) await cancel(UNDEFINED_REASON);
    throw new DownloadRefused(
      `AuthenticateClient refused (${describeAlternative(client.value)})`,
      client.der,
    );
  }
  const dp = client.value.authenticateClientOkDPEsipa;
  if (dp.smdpSigned2.ccRequiredFlag && dp.hashCc === undefined) {
    await cancel(POSTPONED);
    throw new DownloadRefused('the profile needs a confirmation code, which an IPA has no one to ask for');
  }
  const prepared = await card.es10.prepareDownload(
    // smdpSigned2 as the SM-DP+ signed it (SGP.22 5.7.5: smdpSignature2 covers its bytes)
    PrepareDownloadRequestAsSigned.encode({
      smdpSigned2: derOf(dp.smdpSigned2),
      smdpSignature2: dp.smdpSignature2,
      ...(dp.hashCc ? { hashCc: dp.hashCc } : {}),
      smdpCertificate: dp.smdpCertificate,
    }),
  );
  if ('downloadResponseError' in prepared.value) {
    await cancel(UNDEFINED_REASON);
    throw new DownloadRefused('the eUICC refused PrepareDownload', prepared.der);
  }
  const bound = await esipa.send(
    'getBoundProfilePackage',
    exactRequest('getBoundProfilePackage', transactionIdTlv(transactionId), prepared.der),
  );
  if (!('getBoundProfilePackageOkEsipa' in bound.value)) {
    await cancel(UNDEFINED_REASON);
    throw new DownloadRefused(
      `GetBoundProfilePackage refused (${describeAlternative(bound.value)})`,
      bound.der,
    );
  }
  const pirDer = await card.es10.loadBoundProfilePackage(
    derOf(bound.value.getBoundProfilePackageOkEsipa.boundProfilePackage),
  );
  const pir = Sgp32ProfileInstallationResult.decode(pirDer);
  const data = pir.profileInstallationResultData;
  const installed = 'successResult' in data.finalResult;
  const stateChangeCause = installed ? await immediateEnable(card) : undefined;
  await esipa.send('handleNotification', exactRequest('handleNotification', encodeTlv(0xa0, pirDer)));
  await card.iot.removeNotificationFromList(data.notificationMetadata.seqNumber);
  return {
    installed,
    iccid: data.notificationMetadata.iccid?.toString('hex'),
    ...(installed ? {} : { error: 'the eUICC refused the Bound Profile Package' }),
    ...(stateChangeCause !== undefined ? { stateChangeCause } : {}),
  };
}

/** ES10b.CancelSession, then ESipa CancelSession with the eUICC's answer under 'A1' (reference §7). */
async function cancelSession(context: DownloadContext, transactionId: Buffer, reason: number): Promise<void> {
  const { der } = await context.card.es10.cancelSession(transactionId, reason);
  const answer = readTlv(der, 0);
  await context.esipa.send(
    'cancelSession',
    exactRequest('cancelSession', transactionIdTlv(transactionId), encodeTlv(0xa1, answer.value)),
  );
}

const describeAlternative = (value: object): string => {
  const [name, inner] = Object.entries(value)[0] ?? ['(none)', undefined];
  return typeof inner === 'number' ? `${name} ${inner}` : name;
};
