import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { Es9Client } from '../../src/lpa/es9-client.ts';
import { profileRecordFrom } from '../../src/smdp/profile-catalogue.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { MemoryProfileRepository } from '../../src/store/memory/memory-profile-repository.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';

/**
 * How the LPA's ES9+ client connects (issue 18): one TLS connection for the four requests of a download by
 * default, as the built-in LPA CLI does; a new connection and a full handshake per request when asked, as
 * lpac does (the bench measures both). Counted on the SM-DP+'s side, over real HTTPS on loopback.
 */
const upp = readFileSync(new URL('../../fixtures/upp/TS48V2-SAIP2-1-BERTLV-UNIQUE.der', import.meta.url));
const profiles = new MemoryProfileRepository();
let smdp: RunningSmdp;
let connections = 0;
let resumed = 0;

beforeAll(async () => {
  smdp = await startTestSmdp({}, { profiles });
  profiles.add(
    profileRecordFrom({ id: 'CONN', matchingId: 'CONN', upp: '', reusable: true }, upp, smdp.address, {
      ccMaxAttempts: 3,
    }),
    upp,
  );
  smdp.app.server.on('secureConnection', (socket) => {
    connections++;
    if (socket.isSessionReused()) resumed++;
  });
});
afterAll(() => smdp.close());

async function download(options: { keepAlive?: boolean; resumeTls?: boolean }) {
  connections = 0;
  resumed = 0;
  const euicc = await EuiccEmulator.create();
  const es9Client = new Es9Client(smdp.address, { ca: smdp.caPem, ...options });
  try {
    const result = await downloadProfile({ activationCode: `LPA:1$${smdp.address}$CONN`, euicc, es9Client });
    expect(result.success).toBe(true);
  } finally {
    es9Client.close();
  }
}

describe('ES9+ client connections', () => {
  it('keeps one connection for the four requests of a download', async () => {
    await download({});
    expect(connections).toBe(1);
  });

  it('opens a new connection per request with full handshakes when asked, as lpac', async () => {
    await download({ keepAlive: false, resumeTls: false });
    expect(connections).toBe(4);
    expect(resumed).toBe(0);
  });

  it('resumes the TLS session on its later connections unless told not to', async () => {
    await download({ keepAlive: false });
    expect(connections).toBe(4);
    expect(resumed).toBe(3);
  });
});
