/**
 * The bench's load: emulated devices, each a software eUICC with the built-in LPA keeping one keep-alive
 * HTTPS connection across its downloads, each download complete (then its profile deleted, so that the next
 * one installs again). bench/run.ts (keep-alive runs and worker scaling) and bench/scale-out.ts run it.
 */
import type { Curve } from '../src/crypto/curve.ts';
import { EuiccEmulator } from '../src/euicc/emulator.ts';
import { downloadProfile } from '../src/lpa/download.ts';
import { Es9Client } from '../src/lpa/es9-client.ts';
import { Es10Client } from '../src/lpa/es10-client.ts';

export interface DeviceLoad {
  /** Where the devices connect: the SM-DP+, or a balancer in front of it (host:port). */
  readonly connectTo: string;
  /** The SM-DP+ address the activation code names (SGP.22 4.1). */
  readonly smdpAddress: string;
  readonly matchingId: string;
  /** The CI the SM-DP+'s TLS certificate chains to (PEM). */
  readonly caPem: string;
  readonly concurrency: number;
  readonly curve?: Curve;
  /** Each ES9+ call's latency. */
  readonly onCall?: (fn: string, ms: number) => void;
  /** Asked before each download: whether the devices go on. */
  readonly running: () => boolean;
  /** After each download: undefined when it installed and its profile was deleted, else why not. */
  readonly onDownload: (error: Error | undefined) => void;
}

/** Runs the devices until `running` says no. */
export async function runDevices(load: DeviceLoad): Promise<void> {
  await Promise.all(
    Array.from({ length: load.concurrency }, async () => {
      const euicc = await EuiccEmulator.create(load.curve ? { curve: load.curve } : {});
      const es10 = new Es10Client(euicc);
      const es9Client = new Es9Client(load.connectTo, {
        ca: load.caPem,
        ...(load.onCall ? { onCall: load.onCall } : {}),
      });
      while (load.running()) {
        let error: Error | undefined;
        try {
          const result = await downloadProfile({
            activationCode: `LPA:1$${load.smdpAddress}$${load.matchingId}`,
            euicc,
            es9Client,
          });
          if (!result.success) throw new Error('installation failed');
          await es10.deleteProfile(result.iccid);
        } catch (caught) {
          error = caught as Error;
        }
        load.onDownload(error);
      }
      await es10.close();
      es9Client.close();
    }),
  );
}

/** The devices for `durationMs`: downloads completed and failed, and the seconds they took. */
export async function downloadsDuring(
  durationMs: number,
  load: Omit<DeviceLoad, 'running' | 'onDownload'>,
): Promise<{ completed: number; failures: number; seconds: number }> {
  const deadline = Date.now() + durationMs;
  const started = performance.now();
  let completed = 0;
  let failures = 0;
  await runDevices({
    ...load,
    running: () => Date.now() < deadline,
    onDownload: (error) => {
      if (error) failures++;
      else completed++;
    },
  });
  return { completed, failures, seconds: (performance.now() - started) / 1000 };
}
