import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { httpsJson } from '../helpers/https-json.ts';
import { jsonLogSink } from '../helpers/log-sink.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';

/**
 * Issue 18: Fastify's per-request lines ("incoming request", "request completed") are left out for ES9+ at
 * info level, where each function logs its own line, and come back at debug; other routes keep them.
 */
async function logOfOneDownload(level: string) {
  const { sink, lines } = jsonLogSink<{ msg: string; req?: { url: string } }>();
  const smdp = await startTestSmdp({}, { logger: pino({ level }, sink) });
  try {
    await downloadProfile({
      activationCode: `LPA:1$${smdp.address}$DEMO`,
      euicc: await EuiccEmulator.create(),
      es9: { ca: smdp.caPem },
    });
    await httpsJson(`${smdp.url}/no/such/route`, { ca: smdp.caPem });
  } finally {
    await smdp.close();
  }
  const requests = lines.filter((line) => line.msg === 'incoming request');
  return {
    es9: requests.filter((line) => line.req?.url.startsWith('/gsma/rsp2/es9plus/')).length,
    other: requests.length,
    functions: lines.filter((line) => line.msg === 'getBoundProfilePackage').length,
  };
}

describe('request log lines', () => {
  it('leaves out ES9+ request lines at info, keeping the function lines and other routes', async () => {
    expect(await logOfOneDownload('info')).toEqual({ es9: 0, other: 1, functions: 1 });
  });

  it('writes them at debug', async () => {
    expect(await logOfOneDownload('debug')).toEqual({ es9: 4, other: 5, functions: 1 });
  });
});
