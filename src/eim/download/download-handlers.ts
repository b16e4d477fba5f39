/**
 * The indirect download's ESipa functions in the eIM's handler registry (SGP.32 6.3.2.1-6.3.2.5; how handlers
 * work: src/eim/esipa/esipa-function.ts). Each gets the request's exact bytes, which the relay passes on to
 * the SM-DP+, and answers the DER the relay built (EncodedEsipaAnswer: the SM-DP+'s signed parts as signed).
 * A request the relay cannot read is HTTP 400, as the binding answers an undecodable body. HandleNotification
 * (no response data) answers 204 once the notification's receiver took it, and HTTP 502 when it could not be
 * delivered, so that the IPA keeps it and tries again (our reading: SGP.32 gives the relay no error code), and
 * HTTP 403 when its receiver is none the eIM forwards to (notification-receivers.ts); a
 * ProvideEimPackageResult inside it goes to the eIM's own ProvideEimPackageResult handler.
 */
import { HttpAnswer } from '../../rsp-server/binding/http-answer.ts';
import {
  EncodedEsipaAnswer,
  type EsipaCall,
  type EsipaHandler,
  type EsipaHandlers,
} from '../esipa/esipa-function.ts';
import { EsipaRequestError } from './esipa-request-error.ts';
import type { Es9Connector, IndirectDownloadRelay } from './indirect-download-relay.ts';
import type { NotificationReceivers } from './notification-receivers.ts';
import { handleNotificationEsipa } from './notification-relay.ts';

export interface DownloadHandlerOptions {
  readonly relay: IndirectDownloadRelay;
  /** The ES9+ client of a notification's receiver. */
  readonly connect: Es9Connector;
  /** The receivers notifications may go to. */
  readonly receivers: NotificationReceivers;
  /** The registry's ProvideEimPackageResult handler, looked up when a HandleNotification carries a result. */
  readonly packageResult: () => EsipaHandler<'provideEimPackageResult'> | undefined;
}

/** Runs a relay step; a request it cannot read becomes HTTP 400 (what the binding answers undecodable bodies). */
async function relayed(step: () => Promise<Buffer>): Promise<EncodedEsipaAnswer> {
  try {
    return new EncodedEsipaAnswer(await step());
  } catch (error) {
    if (error instanceof EsipaRequestError) throw new HttpAnswer(400, `Bad request: ${error.message}`);
    throw error;
  }
}

export function downloadHandlers(options: DownloadHandlerOptions): EsipaHandlers {
  const { relay } = options;
  return {
    initiateAuthenticationRequestEsipa: (_request, call) =>
      relayed(() => {
        const download = relay.triggerOn(call.connection);
        return relay.initiateAuthentication(call.der, {
          ...(download ? { download } : {}),
          connection: call.connection,
        });
      }),
    authenticateClientRequestEsipa: (_request, call) =>
      relayed(() => relay.authenticateClient(call.der, call.connection)),
    getBoundProfilePackageRequestEsipa: (_request, call) =>
      relayed(() => relay.getBoundProfilePackage(call.der, call.connection)),
    cancelSessionRequestEsipa: (_request, call) =>
      relayed(() => relay.cancelSession(call.der, call.connection)),
    handleNotificationEsipa: async (request, call: EsipaCall) => {
      if ('provideEimPackageResult' in request) {
        const handler = options.packageResult();
        if (!handler) throw new HttpAnswer(400, 'Unsupported Request');
        // HandleNotification has no response data: the result's acknowledgements are not sent back.
        await handler(request.provideEimPackageResult, call);
        return undefined;
      }
      let handled: Awaited<ReturnType<typeof handleNotificationEsipa>>;
      try {
        handled = await handleNotificationEsipa(
          call.der,
          relay,
          options.connect,
          call.connection,
          options.receivers,
        );
      } catch (error) {
        if (error instanceof EsipaRequestError) throw new HttpAnswer(400, `Bad request: ${error.message}`);
        throw error;
      }
      if (handled.kind === 'refused') {
        call.log.warn(
          { address: handled.address, seqNumber: handled.seqNumber },
          'notification for a receiver this eIM does not forward to',
        );
        throw new HttpAnswer(
          403,
          `The notification receiver ${handled.address} is not one this eIM forwards to`,
        );
      }
      if (handled.kind === 'undelivered') {
        call.log.warn(
          { address: handled.address, seqNumber: handled.seqNumber, detail: handled.error },
          'notification not delivered',
        );
        throw new HttpAnswer(502, 'The notification receiver could not be reached');
      }
      return undefined;
    },
  };
}
