import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeviceInfo, StoreMetadataRequest } from '../../src/asn1/rsp/index.ts';
import type { EuiccDeclaration } from '../../src/euicc/card-context.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import type { Es2Client } from '../../src/operator/es2-client.ts';
import { iccidFromDigits, iccidFromProfileHeader } from '../../src/profile/iccid.ts';
import { readProfileHeader } from '../../src/saip/read-profile-header.ts';
import { freeNonVolatileMemory } from '../../src/smdp/es9/eligibility.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { httpsJson } from '../helpers/https-json.ts';
import { es2ClientFor } from '../helpers/operator.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { testStores } from '../helpers/test-stores.ts';
import { uppWithIccid } from '../helpers/unique-upp.ts';

const fixture = readFileSync(new URL('../../fixtures/upp/TS48V2-SAIP2-1-BERTLV-UNIQUE.der', import.meta.url));
const NO_ELIGIBLE_PROFILE = { subjectCode: '8.2.5', reasonCode: '4.3' };
const INSUFFICIENT_MEMORY = { subjectCode: '8.1', reasonCode: '4.8' };
const device = (tac: string): DeviceInfo => ({ tac: Buffer.from(tac, 'hex'), deviceCapabilities: {} });

describe('the free memory an eUICC declares (ETSI TS 102 226 extended card resource)', () => {
  it('is read from tag 82, whatever its place and length; missing or malformed is unknown', () => {
    expect(freeNonVolatileMemory(Buffer.from('8101008203100000830200ff', 'hex'))).toBe(0x100000);
    expect(freeNonVolatileMemory(Buffer.from('82021f40', 'hex'))).toBe(8000);
    expect(freeNonVolatileMemory(Buffer.from('8101008302ffff', 'hex'))).toBeUndefined();
    expect(freeNonVolatileMemory(Buffer.from('820510', 'hex'))).toBeUndefined();
    expect(freeNonVolatileMemory(Buffer.alloc(0))).toBeUndefined();
  });
});

describe.each(testStores('eligibility'))(
  'eligibility in authenticateClient on the %s store',
  (_, storeUrl) => {
    let smdp: RunningSmdp;
    let es2: Es2Client;
    // From 10: copy 4 would have the demo profile's ICCID.
    let next = 10;
    const profileOf = async (iccid: string) =>
      (
        await httpsJson(`${smdp.url}/admin/profiles`, { ca: smdp.caPem, token: smdp.adminToken })
      ).body.profiles.find((p: { iccid: string }) => p.iccid === iccid);
    /** Imports a profile (with its own StoreMetadata when PPRs are asked for) and orders it through ES2+. */
    const order = async (options: { ppr1?: boolean; profileClass?: string; rspsimOrder?: object } = {}) => {
      const upp = uppWithIccid(fixture, next++);
      const iccid = iccidFromProfileHeader(readProfileHeader(upp).iccid);
      const metadata = options.ppr1
        ? StoreMetadataRequest.encode({
            iccid: iccidFromDigits(iccid),
            serviceProviderName: 'rspsim',
            profileName: 'with PPR1',
            profilePolicyRules: ['ppr1'],
          }).toString('base64')
        : undefined;
      const imported = await httpsJson(`${smdp.url}/admin/profiles`, {
        ca: smdp.caPem,
        method: 'POST',
        token: smdp.adminToken,
        body: JSON.stringify({
          upp: upp.toString('base64'),
          ...(metadata ? { metadata } : {}),
          ...(options.profileClass ? { profileClass: options.profileClass } : {}),
        }),
      });
      expect(imported.status).toBe(201);
      await es2.call('downloadOrder', {
        iccid,
        ...(options.rspsimOrder ? { rspsimOrder: options.rspsimOrder } : {}),
      });
      const { matchingId } = await es2.call('confirmOrder', { iccid, releaseFlag: true });
      return { iccid, matchingId: matchingId as string };
    };
    const authenticate = async (matchingId: string, declared?: EuiccDeclaration, deviceInfo?: DeviceInfo) =>
      downloadProfile({
        activationCode: `LPA:1$${smdp.address}$${matchingId}`,
        euicc: await EuiccEmulator.create(declared ? { declared } : {}),
        es9: { ca: smdp.caPem },
        stopAfter: 'authenticateClient',
        ...(deviceInfo ? { deviceInfo } : {}),
      });

    beforeAll(async () => {
      smdp = await startTestSmdp({ store: storeUrl() });
      es2 = es2ClientFor(smdp);
    });
    afterAll(async () => {
      await smdp?.close();
    });

    it('a profile larger than the free memory the eUICC declared is 8.1/4.8; a roomier eUICC downloads it', async () => {
      const { iccid, matchingId } = await order();
      await expect(authenticate(matchingId, { freeNonVolatileMemory: 4000 })).rejects.toMatchObject(
        INSUFFICIENT_MEMORY,
      );
      expect((await profileOf(iccid)).state).toBe('released');
      const result = await downloadProfile({
        activationCode: `LPA:1$${smdp.address}$${matchingId}`,
        euicc: await EuiccEmulator.create({ declared: { freeNonVolatileMemory: fixture.length } }),
        es9: { ca: smdp.caPem },
      });
      expect(result.success).toBe(true);
      expect((await profileOf(iccid)).state).toBe('installed');
    });

    it('a profile with a PPR the eUICC forbids is 8.2.5/4.3; the order stays for another eUICC', async () => {
      const { iccid, matchingId } = await order({ ppr1: true });
      await expect(authenticate(matchingId, { forbiddenProfilePolicyRules: ['ppr1'] })).rejects.toMatchObject(
        NO_ELIGIBLE_PROFILE,
      );
      expect((await profileOf(iccid)).state).toBe('released');
      // Forbidding another rule is no obstacle.
      expect((await authenticate(matchingId, { forbiddenProfilePolicyRules: ['ppr2'] })).stoppedAfter).toBe(
        'authenticateClient',
      );
    });

    it('a test profile needs testProfileSupport (8.2.5/4.3 without)', async () => {
      const { iccid, matchingId } = await order({ profileClass: 'test' });
      await expect(authenticate(matchingId, { testProfileSupport: false })).rejects.toMatchObject(
        NO_ELIGIBLE_PROFILE,
      );
      expect((await profileOf(iccid)).state).toBe('released');
      expect((await authenticate(matchingId)).stoppedAfter).toBe('authenticateClient');
    });

    it("checks the device's TAC against the order's allow and deny lists (8.2.5/4.3)", async () => {
      const allowed = await order({ rspsimOrder: { tacAllow: ['3529'] } });
      expect((await authenticate(allowed.matchingId, undefined, device('35290611'))).stoppedAfter).toBe(
        'authenticateClient',
      );
      await expect(authenticate(allowed.matchingId, undefined, device('86000000'))).rejects.toMatchObject(
        NO_ELIGIBLE_PROFILE,
      );
      const denied = await order({ rspsimOrder: { tacDeny: ['35290611'] } });
      await expect(authenticate(denied.matchingId, undefined, device('35290611'))).rejects.toMatchObject(
        NO_ELIGIBLE_PROFILE,
      );
      expect((await authenticate(denied.matchingId, undefined, device('35290612'))).stoppedAfter).toBe(
        'authenticateClient',
      );
      expect((await profileOf(denied.iccid)).state).toBe('released');
    });
  },
);
