import { describe, expect, it } from 'vitest';
import type { ApduTransport } from '../../src/apdu/transport.ts';
import { LoadCRLRequest, LoadCRLResponse } from '../../src/asn1/rsp/index.ts';
import { EUICC_CASES } from '../../src/conformance/euicc/catalogue.ts';
import { runEuiccCampaign } from '../../src/conformance/euicc/euicc-campaign.ts';
import { LabSmdp } from '../../src/conformance/euicc/lab-smdp.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { Es10Client } from '../../src/lpa/es10-client.ts';
import { isCrlSignedBy, issueCrl, parseCrl } from '../../src/pki/crl.ts';
import { loadDefaultPki } from '../../src/pki/pki-store.ts';

/**
 * Issue 24: ES10b.LoadCRL (SGP.22 5.7.12, in the v2 RSPDefinitions module as LoadCRLRequest 'BF35'). Our
 * eUICC verifies a CRL against its CIs and then refuses the CERT.DPauth it revokes; the destructive case
 * passes against it and fails a card that takes any CRL.
 */
const pki = loadDefaultPki();
const lab = new LabSmdp(pki, 'smdp.conformance.rspsim.example', () => new Date());
const CASE = EUICC_CASES.filter((c) => c.id === 'EB-LOADCRL');
const nist = pki.curves.get('P-256');

describe('LoadCRL', () => {
  it('a CRL made with the CI key reads back: issuer key identifier, serials, signature over the tbsCertList', () => {
    if (!nist?.ciKey) throw new Error('the SGP.26 PKI has its CI key');
    const der = issueCrl({
      ci: nist.ci,
      ciKey: nist.ciKey,
      revokedSerials: [Buffer.from('0102AB', 'hex')],
      thisUpdate: new Date('2026-12-01T00:00:00Z'),
      nextUpdate: new Date('2027-01-01T00:00:00Z'),
    });
    const crl = parseCrl(der);
    expect(crl.authorityKeyIdentifier?.equals(nist.ci.subjectKeyIdentifier)).toBe(true);
    expect(crl.revokedSerials).toEqual(['0102AB']);
    expect(isCrlSignedBy(crl, nist.ci.publicKey)).toBe(true);
    // LoadCRLRequest: 'BF35' then the CRL under [0] IMPLICIT ('A0' where its '30' was).
    const request = LoadCRLRequest.encode({ crl: der });
    expect(request.subarray(0, 2).toString('hex')).toBe('bf35');
    expect(request.includes(Buffer.concat([Buffer.from([0xa0]), der.subarray(1, 4)]))).toBe(true);
    expect(LoadCRLRequest.decode(request).crl.equals(der)).toBe(true);
  });

  it('the case passes against our eUICC, which keeps the CRL and refuses the revoked CERT.DPauth', async () => {
    const card = await EuiccEmulator.create();
    const [result] = await runEuiccCampaign(card, CASE, {
      lab,
      testCis: pki.trustedCis,
      allowDestructive: true,
    });
    expect(`${result?.verdict} ${result?.check ?? ''}`).toBe('pass ');
    const revoked = result?.notes.find((n) => n.startsWith('CRL loaded: '));
    expect(revoked).toMatch(/^CRL loaded: CI [0-9A-F]{40} revokes serial [0-9A-F]+ /);
  });

  it('fails a card that takes any CRL; our eUICC refuses a CRL signed by another key', async () => {
    const card = await EuiccEmulator.create();
    const acceptsAll: ApduTransport = {
      openLogicalChannel: (aid) => card.openLogicalChannel(aid),
      closeLogicalChannel: (channel) => card.closeLogicalChannel(channel),
      transmit: async (apdu) => {
        const response = await card.transmit(apdu);
        const data = response.subarray(0, -2);
        return data.subarray(0, 2).toString('hex') === 'bf35'
          ? Buffer.concat([LoadCRLResponse.encode({ loadCRLResponseOk: {} }), response.subarray(-2)])
          : response;
      },
    };
    const [result] = await runEuiccCampaign(acceptsAll, CASE, {
      lab,
      testCis: pki.trustedCis,
      allowDestructive: true,
    });
    expect(result).toMatchObject({
      verdict: 'fail',
      check: 'LoadCRL of bytes that are no CRL',
      expected: 'invalidCRLFormat',
      observed: 'loadCRLResponseOk',
    });
    // And our eUICC's own answers, directly: a CRL of the right CI but the wrong key.
    if (!nist?.ciKey) throw new Error('the SGP.26 PKI has its CI key');
    const es10 = new Es10Client(card);
    const other = loadDefaultPki().curves.get('brainpoolP256r1');
    if (!other?.ciKey) throw new Error('the SGP.26 PKI has its BRP CI key');
    const forged = issueCrl({
      ci: nist.ci,
      ciKey: other.ciKey,
      revokedSerials: [],
      thisUpdate: new Date('2026-12-01T00:00:00Z'),
      nextUpdate: new Date('2027-01-01T00:00:00Z'),
    });
    expect(LoadCRLResponse.decode(await es10.storeData(LoadCRLRequest.encode({ crl: forged })))).toEqual({
      loadCRLResponseError: 1,
    });
    await es10.close();
  });
});
