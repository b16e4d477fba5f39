import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EUICCInfo1 } from '../../src/asn1/rsp/index.ts';
import { loadDefaultPki } from '../../src/pki/pki-store.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { postEs9 } from '../helpers/es9-request.ts';
import { expectRspFailure, expectRspSuccess } from '../helpers/rsp-assertions.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';

/**
 * ES9+ over real HTTPS on loopback: every malformed request gets its SGP.22 error, never a crash or a 500,
 * and initiateAuthentication's own checks each give their code (SGP.22 5.6.1).
 */
let smdp: RunningSmdp;
const pki = loadDefaultPki();
const ciNist = pki.curves.get('P-256')!.ci.subjectKeyIdentifier;
const ciBrp = pki.curves.get('brainpoolP256r1')!.ci.subjectKeyIdentifier;

const euiccInfo1 = (svn = [2, 2, 2], verification = [ciNist], signing = [ciNist]) =>
  EUICCInfo1.encode({
    svn: Buffer.from(svn),
    euiccCiPKIdListForVerification: verification,
    euiccCiPKIdListForSigning: signing,
  }).toString('base64');

const initiate = (overrides: Record<string, unknown> = {}) => ({
  smdpAddress: smdp.address,
  euiccChallenge: Buffer.alloc(16, 7).toString('base64'),
  euiccInfo1: euiccInfo1(),
  ...overrides,
});

beforeAll(async () => {
  smdp = await startTestSmdp();
});
afterAll(async () => {
  await smdp?.close();
});

describe('ES9+ JSON binding: malformed input', () => {
  it('answers a good initiateAuthentication with the fields lpac needs, trusting only the test CI', async () => {
    const res = await postEs9(smdp.url, 'initiateAuthentication', initiate(), { ca: smdp.caPem });
    expectRspSuccess(res);
    expect(res.headers['x-admin-protocol']).toBe('gsma/rsp/v2.2.2');
    expect(res.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(res.body.transactionId).toMatch(/^[0-9A-F]{32}$/);
    for (const field of ['serverSigned1', 'serverSignature1', 'euiccCiPKIdToBeUsed', 'serverCertificate']) {
      expect(typeof res.body[field]).toBe('string');
    }
    expect(Buffer.from(res.body.serverSignature1, 'base64').subarray(0, 3)).toEqual(
      Buffer.from('5f3740', 'hex'),
    );
    expect(Buffer.from(res.body.euiccCiPKIdToBeUsed, 'base64')).toEqual(
      Buffer.concat([Buffer.from('0414', 'hex'), ciNist]),
    );
  });

  it.each([
    ['malformed JSON', { rawBody: '{"smdpAddress": ' }],
    ['a JSON array', { rawBody: '[]' }],
    ['an empty body', { rawBody: '' }],
  ])('refuses %s as invalid input', async (_, options) => {
    expectRspFailure(await postEs9(smdp.url, 'initiateAuthentication', undefined, options), 'badInput');
  });

  it('refuses a missing field, naming it', async () => {
    const res = await postEs9(smdp.url, 'initiateAuthentication', initiate({ euiccInfo1: undefined }));
    expectRspFailure(res, 'missingInput');
    expect(res.body.header.functionExecutionStatus.statusCodeData.subjectIdentifier).toBe('euiccInfo1');
  });

  it.each([
    ['bad base64', { euiccChallenge: '***' }],
    ['unpadded base64', { euiccChallenge: 'AAAA AAA' }],
    ['a short challenge', { euiccChallenge: Buffer.alloc(15).toString('base64') }],
    ['bad DER', { euiccInfo1: Buffer.from('bf2003820102', 'hex').toString('base64') }],
    ['DER of another type', { euiccInfo1: Buffer.from('bf2200', 'hex').toString('base64') }],
    ['a number where text belongs', { smdpAddress: 42 }],
  ])('refuses %s', async (_, overrides) => {
    expectRspFailure(await postEs9(smdp.url, 'initiateAuthentication', initiate(overrides)), 'badInput');
  });

  it('checks X-Admin-Protocol', async () => {
    const res = await postEs9(smdp.url, 'initiateAuthentication', initiate(), {
      headers: { 'X-Admin-Protocol': 'gsma/rsp/v3.0.0' },
    });
    expectRspFailure(res, 'unsupportedProtocolVersion');
    for (const version of ['v2.1.0', 'v2.5.0']) {
      const ok = await postEs9(smdp.url, 'initiateAuthentication', initiate(), {
        headers: { 'X-Admin-Protocol': `gsma/rsp/${version}` },
      });
      expectRspSuccess(ok);
    }
  });

  it('answers an unknown function with 404 and an SGP.22 body', async () => {
    const res = await postEs9(smdp.url, 'transferEverything', {});
    expect(res.status).toBe(404);
    expect(res.body.header.functionExecutionStatus.status).toBe('Failed');
  });

  it.each(['authenticateClient', 'getBoundProfilePackage', 'cancelSession'])(
    '%s with an unknown transactionId is 8.10.1/3.9',
    async (fn) => {
      const field = {
        authenticateClient: 'authenticateServerResponse',
        getBoundProfilePackage: 'prepareDownloadResponse',
        cancelSession: 'cancelSessionResponse',
      }[fn]!;
      const der = {
        authenticateClient: 'bf3808a106800101020101',
        getBoundProfilePackage: 'bf2108a10680010102017f',
        cancelSession: 'bf4103810105',
      }[fn]!;
      const body = {
        transactionId: 'ABCDEF0123456789',
        [field]: Buffer.from(der.replace(/ /g, ''), 'hex').toString('base64'),
      };
      expectRspFailure(await postEs9(smdp.url, fn, body), 'transactionIdUnknown');
    },
  );
});

describe('initiateAuthentication checks (SGP.22 5.6.1)', () => {
  it('refuses another SM-DP+ address', async () => {
    expectRspFailure(
      await postEs9(smdp.url, 'initiateAuthentication', initiate({ smdpAddress: 'other.example.com' })),
      'smdpAddressInvalid',
    );
  });

  it('refuses an eUICC of another major version', async () => {
    const body = initiate({ euiccInfo1: euiccInfo1([3, 0, 0]) });
    expectRspFailure(await postEs9(smdp.url, 'initiateAuthentication', body), 'euiccVersionNotSupported');
  });

  it('refuses an eUICC that signs under no CI we know', async () => {
    const unknown = Buffer.alloc(20, 0xab);
    const body = initiate({ euiccInfo1: euiccInfo1(undefined, [unknown], [unknown]) });
    expectRspFailure(await postEs9(smdp.url, 'initiateAuthentication', body), 'ciPKIdNotSupported');
  });

  it('refuses when no DPauth chains to a CI the eUICC can verify', async () => {
    const body = initiate({ euiccInfo1: euiccInfo1(undefined, [Buffer.alloc(20, 1)], [ciNist]) });
    expectRspFailure(await postEs9(smdp.url, 'initiateAuthentication', body), 'noDpAuthCertificate');
  });

  it('picks the brainpool identity for a brainpool-only eUICC', async () => {
    const res = await postEs9(
      smdp.url,
      'initiateAuthentication',
      initiate({ euiccInfo1: euiccInfo1(undefined, [ciBrp], [ciBrp]) }),
    );
    expectRspSuccess(res);
    expect(Buffer.from(res.body.euiccCiPKIdToBeUsed, 'base64').subarray(2)).toEqual(ciBrp);
  });
});
