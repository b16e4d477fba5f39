/**
 * Profile download by the LPA (SGP.22 3.1.3), as an ordered list of named steps, each reported to the
 * caller as it starts. ES10 errors of the eUICC and a refusal by the user end the session with
 * ES10b.CancelSession + ES9+.CancelSession, as SGP.22 3.1.3 and 5.6.5 say.
 */

import type { ApduTransport } from '../apdu/transport.ts';
import {
  CancelSessionReasons,
  type DeviceInfo,
  PrepareDownloadRequest,
  ProfileInstallationResultData,
  SmdpSigned2,
  StoreMetadataRequest,
} from '../asn1/rsp/index.ts';
import { encodeTlv, readTlv } from '../asn1/tlv.ts';
import { hashConfirmationCode } from '../protocol/signed-data.ts';
import { type ActivationCode, parseActivationCode } from './activation-code.ts';
import {
  authenticateServerRequest as buildAuthenticateServerRequest,
  DEFAULT_DEVICE_INFO,
} from './authenticate-server-request.ts';
import { base64Of, Es9Client, type Es9Options, type Es9Transport } from './es9-client.ts';
import { Es10Client } from './es10-client.ts';

export type DownloadStep =
  | 'getEuiccInfo'
  | 'initiateAuthentication'
  | 'authenticateServer'
  | 'authenticateClient'
  | 'confirm'
  | 'prepareDownload'
  | 'getBoundProfilePackage'
  | 'loadBoundProfilePackage'
  | 'handleNotification';

export interface DownloadOptions {
  readonly activationCode: string | ActivationCode;
  readonly euicc: ApduTransport;
  readonly es9?: Es9Options;
  /** An ES9+ client to use (and keep open) instead of a new one for this download. */
  readonly es9Client?: Es9Transport;
  readonly confirmationCode?: string;
  readonly deviceInfo?: DeviceInfo;
  readonly onProgress?: (step: DownloadStep) => void;
  /** The user's consent once the profile metadata is known (SGP.22 3.1.3.2); false cancels. */
  readonly confirm?: (metadata: StoreMetadataRequest) => boolean | Promise<boolean>;
  /**
   * Test-lab hook: changes the BPP between the SM-DP+ and the eUICC (a tampered segment, a wrong
   * signature ...), to check that the eUICC detects it.
   */
  readonly transformBoundProfilePackage?: (bpp: Buffer) => Buffer;
  /** Test-lab hook: walk away after this step, leaving the session open on both sides. */
  readonly stopAfter?: 'authenticateClient';
}

export interface DownloadResult {
  readonly iccid: Buffer;
  readonly isdpAid?: Buffer;
  readonly success: boolean;
  readonly errorResult?: { bppCommandId: number; errorReason: number };
  readonly metadata: StoreMetadataRequest;
  readonly transactionId: string;
  /** The ProfileInstallationResult ('BF37') as the eUICC made it (an IPA reports it to its eIM). */
  readonly profileInstallationResult?: Buffer;
  /** Set when the download stopped early on request (stopAfter). */
  readonly stoppedAfter?: DownloadStep;
}

export class DownloadError extends Error {
  constructor(
    readonly step: DownloadStep,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${step}: ${message}`, options);
    this.name = 'DownloadError';
  }
}

export async function downloadProfile(options: DownloadOptions): Promise<DownloadResult> {
  const code =
    typeof options.activationCode === 'string'
      ? parseActivationCode(options.activationCode)
      : options.activationCode;
  const es10 = new Es10Client(options.euicc);
  // A caller that downloads again and again (a device farm, the benchmark) can keep one HTTPS connection.
  const es9 = options.es9Client ?? new Es9Client(code.smdpAddress, options.es9);
  const progress = (step: DownloadStep) => options.onProgress?.(step);
  let transactionId: string | undefined;
  try {
    progress('getEuiccInfo');
    const euiccChallenge = await es10.getEuiccChallenge();
    const euiccInfo1 = await es10.getEuiccInfo1Der();

    progress('initiateAuthentication');
    const initiated = await es9.call('initiateAuthentication', {
      smdpAddress: code.smdpAddress,
      euiccChallenge: euiccChallenge.toString('base64'),
      euiccInfo1: euiccInfo1.toString('base64'),
    });
    transactionId = String(initiated?.transactionId);
    // SGP.22 5.7.13: AuthenticateServerRequest from the server's own bytes, byte for byte.
    const authenticateServerRequest = buildAuthenticateServerRequest(
      initiated,
      code.matchingId,
      options.deviceInfo ?? DEFAULT_DEVICE_INFO,
    );

    progress('authenticateServer');
    const authenticated = await es10.authenticateServer(authenticateServerRequest);
    if ('authenticateResponseError' in authenticated.value) {
      const error = authenticated.value.authenticateResponseError.authenticateErrorCode;
      await cancel(es10, es9, transactionId, CancelSessionReasons.endUserRejection);
      throw new DownloadError(
        'authenticateServer',
        `the eUICC refused the SM-DP+ (authenticateErrorCode ${error})`,
      );
    }

    progress('authenticateClient');
    const client = await es9.call('authenticateClient', {
      transactionId,
      authenticateServerResponse: authenticated.der.toString('base64'),
    });
    const metadataDer = base64Of('authenticateClient', client, 'profileMetadata');
    const metadata = StoreMetadataRequest.decode(metadataDer);
    const smdpSigned2 = base64Of('authenticateClient', client, 'smdpSigned2');
    const { ccRequiredFlag: ccRequired } = SmdpSigned2.decode(smdpSigned2);
    if (options.stopAfter === 'authenticateClient') {
      return {
        iccid: metadata.iccid,
        metadata,
        transactionId,
        success: false,
        stoppedAfter: 'authenticateClient',
      };
    }

    progress('confirm');
    if (options.confirm && !(await options.confirm(metadata))) {
      await cancel(es10, es9, transactionId, CancelSessionReasons.endUserRejection);
      throw new DownloadError('confirm', 'the user refused the profile');
    }
    if (ccRequired && options.confirmationCode === undefined) {
      await cancel(es10, es9, transactionId, CancelSessionReasons.postponed);
      throw new DownloadError('confirm', 'this profile needs a confirmation code');
    }

    progress('prepareDownload');
    const hashCc =
      ccRequired && options.confirmationCode !== undefined
        ? encodeTlv(0x04, hashConfirmationCode(options.confirmationCode, Buffer.from(transactionId, 'hex')))
        : Buffer.alloc(0);
    const prepareDownloadRequest = encodeTlv(
      PrepareDownloadRequest.tag,
      smdpSigned2,
      base64Of('authenticateClient', client, 'smdpSignature2'),
      hashCc,
      base64Of('authenticateClient', client, 'smdpCertificate'),
    );
    const prepared = await es10.prepareDownload(prepareDownloadRequest);
    if ('downloadResponseError' in prepared.value) {
      const error = prepared.value.downloadResponseError.downloadErrorCode;
      await cancel(es10, es9, transactionId, CancelSessionReasons.endUserRejection);
      throw new DownloadError(
        'prepareDownload',
        `the eUICC refused the download (downloadErrorCode ${error})`,
      );
    }

    progress('getBoundProfilePackage');
    let bpp: Buffer;
    try {
      const bound = await es9.call('getBoundProfilePackage', {
        transactionId,
        prepareDownloadResponse: prepared.der.toString('base64'),
      });
      bpp = base64Of('getBoundProfilePackage', bound, 'boundProfilePackage');
    } catch (error) {
      // A refused confirmation code or any other refusal: end the session so that a retry starts clean.
      await cancel(es10, es9, transactionId, CancelSessionReasons.postponed).catch(() => undefined);
      throw error;
    }

    progress('loadBoundProfilePackage');
    const resultDer = await es10.loadBoundProfilePackage(options.transformBoundProfilePackage?.(bpp) ?? bpp);
    const data = ProfileInstallationResultData.decode(readTlv(readTlv(resultDer, 0).value, 0).bytes);

    progress('handleNotification');
    await es9.call('handleNotification', { pendingNotification: resultDer.toString('base64') });
    await es10.removeNotification(data.notificationMetadata.seqNumber);

    const final = data.finalResult;
    return {
      iccid: metadata.iccid,
      metadata,
      transactionId,
      profileInstallationResult: resultDer,
      success: 'successResult' in final,
      ...('successResult' in final ? { isdpAid: final.successResult.aid } : {}),
      ...('errorResult' in final
        ? {
            errorResult: {
              bppCommandId: final.errorResult.bppCommandId,
              errorReason: final.errorResult.errorReason,
            },
          }
        : {}),
    };
  } finally {
    if (!options.es9Client) es9.close();
    await es10.close();
  }
}

/** Ends the session on both sides (SGP.22 3.1.3: ES10b.CancelSession, then ES9+.CancelSession). */
async function cancel(
  es10: Es10Client,
  es9: Es9Transport,
  transactionId: string,
  reason: number,
): Promise<void> {
  const response = await es10.cancelSession(Buffer.from(transactionId, 'hex'), reason);
  await es9.call('cancelSession', { transactionId, cancelSessionResponse: response.der.toString('base64') });
}
