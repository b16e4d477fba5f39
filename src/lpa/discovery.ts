/**
 * Event retrieval by the LPA (SGP.22 3.6.2): ES11 with the SM-DS — the common mutual authentication, then
 * AuthenticateClient answers the Event Records of this eUICC. A record may name an alternative SM-DS instead
 * of an SM-DP+; the LPA tells them apart by the certificate the server authenticates with (CERT.DSauth or
 * CERT.DPauth) and asks the alternative SM-DS for that one event (its EventID as matchingId). The LPA then
 * downloads from the SM-DP+ with the EventID as matchingId (downloadEvent).
 */
import type { ApduTransport } from '../apdu/transport.ts';
import type { DeviceInfo } from '../asn1/rsp/index.ts';
import { parseCertificate } from '../pki/certificate.ts';
import type { Es11Functions } from '../protocol/es11-functions.ts';
import { authenticateServerRequest } from './authenticate-server-request.ts';
import { type DownloadOptions, type DownloadResult, downloadProfile } from './download.ts';
import { base64Of, Es9Client, type Es9Options } from './es9-client.ts';
import { Es10Client } from './es10-client.ts';

export interface EventEntry {
  readonly eventId: string;
  /** The SM-DP+ to download from with the EventID. */
  readonly rspServerAddress: string;
  /** The SM-DS that gave the record (the root, or the alternative SM-DS a root record pointed to). */
  readonly smdsAddress: string;
}

export interface DiscoveryOptions {
  readonly euicc: ApduTransport;
  /** The SM-DS to ask; by default the eUICC's root SM-DS (ES10a.GetEuiccConfiguredAddresses). */
  readonly smdsAddress?: string;
  readonly es9?: Es9Options;
  readonly deviceInfo?: DeviceInfo;
  readonly onProgress?: (step: string, address: string) => void;
}

export class DiscoveryError extends Error {
  override readonly name = 'DiscoveryError';
}

/** Records followed from one SM-DS answer: an SM-DS answers a few events per eUICC, never thousands. */
const MAX_ENTRIES = 64;

/** One ES11 exchange; `undefined` when the server turned out to be an SM-DP+ (it authenticated with DPauth). */
async function es11(
  es10: Es10Client,
  address: string,
  eventId: string | undefined,
  options: DiscoveryOptions,
): Promise<{ eventId: string; rspServerAddress: string }[] | undefined> {
  const client = new Es9Client<typeof Es11Functions>(address, options.es9);
  try {
    options.onProgress?.('initiateAuthentication', address);
    const euiccChallenge = await es10.getEuiccChallenge();
    const euiccInfo1 = await es10.getEuiccInfo1Der();
    // lpac, and the SM-DSes it works with, carry the SM-DS address in smdpAddress.
    const initiate = client.call('initiateAuthentication', {
      smdpAddress: address,
      euiccChallenge: euiccChallenge.toString('base64'),
      euiccInfo1: euiccInfo1.toString('base64'),
    });
    // Probing where a record points: a server that does not answer as an SM-DS is taken for the SM-DP+.
    const initiated = eventId === undefined ? await initiate : await initiate.catch(() => undefined);
    if (!initiated) return undefined;
    const certificate = base64Of('initiateAuthentication', initiated, 'serverCertificate');
    if (parseCertificate(certificate).role !== 'ds-auth') return undefined;
    options.onProgress?.('authenticateServer', address);
    const authenticated = await es10.authenticateServer(
      authenticateServerRequest(initiated, eventId, options.deviceInfo),
    );
    if ('authenticateResponseError' in authenticated.value) {
      const code = authenticated.value.authenticateResponseError.authenticateErrorCode;
      throw new DiscoveryError(`the eUICC refused the SM-DS ${address} (authenticateErrorCode ${code})`);
    }
    options.onProgress?.('authenticateClient', address);
    const answer = await client.call('authenticateClient', {
      transactionId: String(initiated?.transactionId),
      authenticateServerResponse: authenticated.der.toString('base64'),
    });
    return eventEntriesOf(answer?.eventEntries, address);
  } finally {
    client.close();
  }
}

function eventEntriesOf(value: unknown, address: string): { eventId: string; rspServerAddress: string }[] {
  if (!Array.isArray(value)) throw new DiscoveryError(`${address}: eventEntries missing`);
  if (value.length > MAX_ENTRIES) throw new DiscoveryError(`${address}: more than ${MAX_ENTRIES} events`);
  return value.map((entry: unknown) => {
    const { eventId, rspServerAddress } = (entry ?? {}) as Record<string, unknown>;
    if (typeof eventId !== 'string' || typeof rspServerAddress !== 'string')
      throw new DiscoveryError(`${address}: an event entry without eventId or rspServerAddress`);
    return { eventId, rspServerAddress };
  });
}

/** The eUICC's events, alternative SM-DSes followed one level (SGP.22 3.6.2). */
export async function discoverEvents(options: DiscoveryOptions): Promise<EventEntry[]> {
  const es10 = new Es10Client(options.euicc);
  try {
    const root = options.smdsAddress ?? (await es10.getConfiguredAddresses()).rootDsAddress;
    const entries = await es11(es10, root, undefined, options);
    if (!entries) throw new DiscoveryError(`${root} is an SM-DP+, not an SM-DS`);
    const found: EventEntry[] = [];
    for (const entry of entries) {
      // A record pointing at another server: an alternative SM-DS holds the event if it says it is one.
      const alternative =
        entry.rspServerAddress !== root
          ? await es11(es10, entry.rspServerAddress, entry.eventId, options)
          : undefined;
      if (!alternative) {
        found.push({ ...entry, smdsAddress: root });
        continue;
      }
      for (const event of alternative) found.push({ ...event, smdsAddress: entry.rspServerAddress });
    }
    return found;
  } finally {
    await es10.close();
  }
}

/** Download with an event: the EventID is the matchingId at the SM-DP+ the record names (SGP.22 3.1.3). */
export function downloadEvent(
  event: Pick<EventEntry, 'eventId' | 'rspServerAddress'>,
  options: Omit<DownloadOptions, 'activationCode'>,
): Promise<DownloadResult> {
  return downloadProfile({
    ...options,
    activationCode: {
      smdpAddress: event.rspServerAddress,
      matchingId: event.eventId,
      confirmationCodeRequired: false,
    },
  });
}
