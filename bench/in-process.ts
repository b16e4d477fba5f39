/**
 * The four ES9+ functions of a download called in the SM-DP+'s own process, without HTTP, TLS or JSON text:
 * how much of the server's CPU per download the functions take (their crypto included), and how much the
 * HTTPS/JSON binding around them adds. Process CPU time around each call; the LPA and the eUICC emulator
 * run in the same process but outside the measured calls.
 */
import type { Curve } from '../src/crypto/curve.ts';
import { EuiccEmulator } from '../src/euicc/emulator.ts';
import { downloadProfile } from '../src/lpa/download.ts';
import type { Es9Transport } from '../src/lpa/es9-client.ts';
import { Es10Client } from '../src/lpa/es10-client.ts';
import type { Es9FunctionName, Es9Request, Es9Response } from '../src/protocol/es9-functions.ts';
import type { JsonBody } from '../src/rsp-server/binding/json-fields.ts';
import type { RequestOrigin } from '../src/rsp-server/session-admission.ts';
import { DEFAULT_CONFIG } from '../src/smdp/config.ts';
import { ES9_FUNCTIONS } from '../src/smdp/es9/es9-list.ts';
import { type RunningSmdp, startSmdp } from '../src/smdp/start.ts';

/** The four functions of a download (cancelSession is not part of one). */
const MEASURED: readonly Es9FunctionName[] = [
  'initiateAuthentication',
  'authenticateClient',
  'getBoundProfilePackage',
  'handleNotification',
];
const ORIGIN: RequestOrigin = { clientAddress: '127.0.0.1' };

/** ES9+ as direct calls; bodies still go through JSON values, as the binding gives them to the functions. */
class InProcessEs9 implements Es9Transport {
  readonly cpuMicroseconds: Record<string, number> = {};
  constructor(private readonly smdp: RunningSmdp) {}
  async call<F extends Es9FunctionName>(
    functionName: F,
    body: Es9Request<F>,
  ): Promise<Es9Response<F> | undefined> {
    const run = MEASURED.includes(functionName)
      ? ES9_FUNCTIONS.find((f) => f.name === functionName)
      : undefined;
    if (!run) throw new Error(`${functionName} is not measured in process`);
    const request = JSON.parse(JSON.stringify(body)) as JsonBody;
    const started = process.cpuUsage();
    const answer = await run.run(this.smdp.context, request, this.smdp.hooks, ORIGIN);
    const used = process.cpuUsage(started);
    this.cpuMicroseconds[functionName] = (this.cpuMicroseconds[functionName] ?? 0) + used.user + used.system;
    return answer && (JSON.parse(JSON.stringify(answer)) as Es9Response<F>);
  }
  close(): void {}
}

/** Milliseconds of CPU per download in each function, over `count` downloads after a warm-up. */
export async function functionsInProcess(
  catalogue: string,
  curve: Curve,
  matchingId: string,
  count: number,
): Promise<Record<string, number>> {
  const smdp = await startSmdp({
    ...DEFAULT_CONFIG,
    port: 0,
    address: 'localhost:0',
    logLevel: 'warn',
    store: 'memory',
    catalogue,
  });
  try {
    const euicc = await EuiccEmulator.create({ curve });
    const es10 = new Es10Client(euicc);
    const download = async (es9: InProcessEs9) => {
      const result = await downloadProfile({
        activationCode: `LPA:1$${smdp.address}$${matchingId}`,
        euicc,
        es9Client: es9,
      });
      await es10.deleteProfile(result.iccid);
    };
    const warmUp = new InProcessEs9(smdp);
    for (let i = 0; i < 20; i++) await download(warmUp);
    const measured = new InProcessEs9(smdp);
    for (let i = 0; i < count; i++) await download(measured);
    await es10.close();
    return Object.fromEntries(
      Object.entries(measured.cpuMicroseconds).map(([name, us]) => [name, us / count / 1000]),
    );
  } finally {
    await smdp.close();
  }
}
