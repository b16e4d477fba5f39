/**
 * `rspsim ipa run`: the built-in IPAd (SGP.32 3.1, 3.3, 3.5, 3.7). Start-up on the eUICC (start-up.ts), the
 * eIM chosen from the eUICC's eIM configuration, then poll cycles (poll-cycle.ts) every `intervalMs`, each
 * after the pending notifications are delivered (pending.ts; the first time at start-up), backing off
 * (doubling, up to `maxBackoffMs`) while the eIM cannot be reached or answers outside the binding. `once`: one start-up and one poll cycle, its failure the
 * run's. The logical channel to the ISD-R is closed at the end, whatever happened.
 */
import type { ApduTransport } from '../apdu/transport.ts';
import type { DeviceInfo } from '../asn1/rsp/index.ts';
import { DEFAULT_DEVICE_INFO } from '../lpa/authenticate-server-request.ts';
import type { Es9Options } from '../lpa/es9-client.ts';
import type { DownloadMode } from './download-trigger.ts';
import { eimTlsTrust } from './eim-tls-trust.ts';
import { EsipaClient, type EsipaExchange } from './esipa-client.ts';
import { type ConnectivityCheck, fallBackIfOffline } from './fallback.ts';
import { deliverPending, type PendingDelivery } from './pending.ts';
import { type CycleReport, pollCycle } from './poll-cycle.ts';
import { chooseEim, IpaStartUpError, startUp } from './start-up.ts';

export interface IpaRunOptions {
  /** The eIM to poll (its eimId); default the eUICC's first eIM with an FQDN. */
  readonly eimId?: string;
  /** Reach the eIM here instead of its eimFqdn (a lab address, a port). */
  readonly eimFqdn?: string;
  /** PEM of the CA to trust for the eIM's TLS, in place of the eUICC's trustedPublicKeyDataTls. */
  readonly caPem?: string;
  readonly insecure?: boolean;
  /** Default: indirect when the eIM's configuration has indirectProfileDownload, else direct. */
  readonly downloadMode?: DownloadMode;
  readonly es9?: Es9Options;
  readonly deviceInfo?: DeviceInfo;
  readonly connectivityCheck?: ConnectivityCheck;
  readonly once?: boolean;
  /** Between poll cycles (default 60 s). */
  readonly intervalMs?: number;
  /** Longest wait after failures (default 15 min). */
  readonly maxBackoffMs?: number;
  readonly signal?: AbortSignal;
  readonly onExchange?: (exchange: EsipaExchange) => void;
  /** Each cycle as it ends, or the error that ended it. */
  readonly onCycle?: (report: CycleReport | Error) => void;
  /** Waits (tests give a fake one); default a timer that the signal ends early. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface IpaRunReport {
  readonly eid: string;
  readonly eimId: string;
  readonly eimFqdn: string;
  readonly downloadMode: DownloadMode;
  readonly terminalCapabilitySw: string;
  /** Pending notifications and kept results sent before the cycles (the last KEPT_CYCLES). */
  readonly pending: readonly PendingDelivery[];
  /** The last cycles (at most KEPT_CYCLES). */
  readonly cycles: readonly CycleReport[];
}

export const DEFAULT_INTERVAL_MS = 60_000;
export const DEFAULT_MAX_BACKOFF_MS = 15 * 60_000;
/** A long run keeps only its last cycles in memory. */
const KEPT_CYCLES = 100;

const timerSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

export async function runIpa(transport: ApduTransport, options: IpaRunOptions = {}): Promise<IpaRunReport> {
  const card = await startUp(transport);
  try {
    const eim = chooseEim(card, options.eimId, options.eimFqdn !== undefined);
    const eimFqdn = options.eimFqdn ?? eim.eimFqdn;
    if (eimFqdn === undefined)
      throw new IpaStartUpError(`the eUICC keeps no eimFqdn for eIM "${eim.eimId}": give --eim-fqdn`);
    const esipa = new EsipaClient(eimFqdn, {
      trust: eimTlsTrust(options, eim),
      ...(options.onExchange ? { onExchange: options.onExchange } : {}),
    });
    const downloadMode =
      options.downloadMode ?? (eim.indirectProfileDownload !== undefined ? 'indirect' : 'direct');
    const cycles: CycleReport[] = [];
    const pending: PendingDelivery[] = [];
    try {
      const sleep = options.sleep ?? timerSleep;
      const interval = options.intervalMs ?? DEFAULT_INTERVAL_MS;
      let failures = 0;
      let stateChangeCause: number | undefined;
      while (!options.signal?.aborted) {
        try {
          // notifications first, at start-up and before each later cycle (what a result's emptyResponse left)
          pending.push(...(await deliverPending(card, esipa)));
          pending.splice(0, Math.max(0, pending.length - KEPT_CYCLES));
          esipa.endProcedure();
          stateChangeCause ??= await fallBackIfOffline(card, options.connectivityCheck);
          const report = await pollCycle({
            card,
            transport,
            eim,
            esipa,
            options: {
              deviceInfo: options.deviceInfo ?? DEFAULT_DEVICE_INFO,
              downloadMode,
              ...(options.es9 ? { es9: options.es9 } : {}),
              ...(options.connectivityCheck ? { connectivityCheck: options.connectivityCheck } : {}),
              ...(stateChangeCause !== undefined ? { stateChangeCause } : {}),
            },
          });
          stateChangeCause = report.stateChangeCause;
          cycles.push(report);
          if (cycles.length > KEPT_CYCLES) cycles.shift();
          options.onCycle?.(report);
          failures = 0;
        } catch (error) {
          if (options.once || !(error instanceof Error)) throw error;
          options.onCycle?.(error);
          failures++;
        }
        if (options.once) break;
        const wait = Math.min(interval * 2 ** failures, options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS);
        await sleep(wait, options.signal);
      }
      return {
        eid: card.eid.toString('hex').toUpperCase(),
        eimId: eim.eimId,
        eimFqdn,
        downloadMode,
        terminalCapabilitySw: card.terminalCapabilitySw.toString(16).toUpperCase().padStart(4, '0'),
        pending,
        cycles,
      };
    } finally {
      esipa.close();
    }
  } finally {
    await card.es10.close();
  }
}
