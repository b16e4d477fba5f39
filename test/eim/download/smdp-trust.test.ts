import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InitiateAuthenticationResponseEsipa } from '../../../src/asn1/sgp32/index.ts';
import { encodeTlv } from '../../../src/asn1/tlv.ts';
import { resolveEimConfig } from '../../../src/eim/config.ts';
import { generateHierarchy } from '../../../src/pki/generate-hierarchy.ts';
import type { RunningSmdp } from '../../../src/smdp/start.ts';
import { postEsipa, startTestEim } from '../../helpers/eim-harness.ts';
import { startTestSmdp } from '../../helpers/smdp-harness.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

/**
 * The relay's TLS trust towards an SM-DP+'s ES9+ (the eIM's `smdpTrust` setting): an SM-DP+ whose PKI, and so
 * its TLS certificate, comes from a CA generated here is reached only when the eIM is told to trust that CA's
 * file; the PKI folder's CIs (the default) and Node's public CAs (`system`) do not reach it. Real HTTPS on
 * loopback: ESipa InitiateAuthentication to the eIM, relayed as ES9+ initiateAuthentication to the SM-DP+.
 */
let smdp: RunningSmdp;
let caFile: string;
let ciPkId: Buffer;
const dir = tempDir('smdp-trust');

beforeAll(async () => {
  const pkiDir = join(dir, 'pki');
  const generated = generateHierarchy({ curve: 'P-256', outDir: pkiDir });
  ciPkId = Buffer.from(generated.ciPkId, 'hex');
  smdp = await startTestSmdp({ pkiDir });
  caFile = join(dir, 'lab-ca.pem');
  writeFileSync(caFile, smdp.caPem);
});
afterAll(async () => {
  await smdp?.close();
});

/** InitiateAuthenticationRequestEsipa for the SM-DP+, with EUICCInfo1 naming the generated CI. */
const initiate = () =>
  encodeTlv(
    0xbf39,
    encodeTlv(0x81, Buffer.alloc(16, 0x11)),
    encodeTlv(0x83, Buffer.from(smdp.address)),
    encodeTlv(
      0xbf20,
      encodeTlv(0x82, Buffer.from([2, 2, 2])),
      encodeTlv(0xa9, encodeTlv(0x04, ciPkId)),
      encodeTlv(0xaa, encodeTlv(0x04, ciPkId)),
    ),
  );

/** The eIM's answer to one InitiateAuthentication with this trust. */
async function initiateWith(smdpTrust?: string) {
  const eim = await startTestEim(smdpTrust === undefined ? {} : { smdpTrust });
  try {
    const answer = await postEsipa(eim, initiate());
    expect(answer.status).toBe(200);
    return {
      der: answer.body.toString('hex'),
      decoded: InitiateAuthenticationResponseEsipa.decode(answer.body),
    };
  } finally {
    await eim.close();
  }
}

describe("the relay's ES9+ TLS trust (smdpTrust)", () => {
  it("reaches an SM-DP+ whose TLS CA it is given, and not with the PKI folder's CIs or the public CAs", async () => {
    // the TLS handshake fails: the ES9+ call never happens, the IPA is answered undefinedError (127)
    expect((await initiateWith()).der).toBe('bf390381017f');
    expect((await initiateWith('system')).der).toBe('bf390381017f');
    for (const trust of [caFile, `pki,${caFile}`, `system, ${caFile}`]) {
      const { decoded } = await initiateWith(trust);
      if (!('initiateAuthenticationOkEsipa' in decoded)) throw new Error(`refused with ${trust}`);
      expect(decoded.initiateAuthenticationOkEsipa.serverSigned1.serverAddress).toBe(smdp.address);
    }
  });

  it('stops the start with one line for a file that is not a CA certificate, or an empty source', async () => {
    const notPem = join(dir, 'not-a-ca.pem');
    writeFileSync(notPem, 'hello\n');
    await expect(startTestEim({ smdpTrust: notPem })).rejects.toThrow(/smdpTrust .*no PEM certificate/);
    await expect(startTestEim({ smdpTrust: join(dir, 'missing.pem') })).rejects.toThrow(
      /smdpTrust .*missing\.pem/,
    );
    expect(() => resolveEimConfig({ flags: { smdpTrust: 'pki,' } })).toThrow(/smdpTrust must be pki, system/);
    expect(resolveEimConfig({ env: { RSPSIM_EIM_SMDP_TRUST: ` pki , ${caFile}` } }).smdpTrust).toBe(
      `pki,${caFile}`,
    );
  });
});
