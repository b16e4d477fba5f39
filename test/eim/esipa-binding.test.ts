import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EsipaMessageFromEimToIpa,
  GetEimPackageRequest,
  HandleNotificationEsipa,
  TransferEimPackageResponse,
} from '../../src/asn1/sgp32/index.ts';
import { joinHandlers } from '../../src/eim/esipa/esipa-function.ts';
import type { RunningEim } from '../../src/eim/start.ts';
import { postEsipa, startTestEim } from '../helpers/eim-harness.ts';

/**
 * ESipa's ASN.1 binding (SGP.32 6.1) over real HTTPS on loopback: the exact bytes of GetEimPackage's answer
 * when nothing is queued, and each refusal onomondo-eim gives (400 protocol, 415 content type, 400 undecodable
 * or unserved), never a 500 for bad input.
 */
const EID = '89049032123451234512345678901235';
const getEimPackage = GetEimPackageRequest.encode({ eidValue: Buffer.from(EID, 'hex') });

describe('ESipa ASN.1 binding', () => {
  let eim: RunningEim;
  beforeAll(async () => {
    eim = await startTestEim();
  });
  afterAll(async () => {
    await eim.close();
  });

  it('answers GetEimPackage with noEimPackageAvailable, BF4F 03 02 01 01, when nothing is queued', async () => {
    expect(getEimPackage.subarray(0, 4).toString('hex')).toBe('bf4f125a');
    const answer = await postEsipa(eim, getEimPackage);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/x-gsma-rsp-asn1');
    expect(answer.headers['x-admin-protocol']).toBe('gsma/rsp/v2.1.0');
    expect(answer.body.toString('hex')).toBe('bf4f0302010' + '1');
  });

  it('takes a Content-Type with parameters and in other case', async () => {
    const answer = await postEsipa(eim, getEimPackage, {
      'Content-Type': 'Application/X-GSMA-RSP-ASN1; charset=binary',
    });
    expect(answer.status).toBe(200);
  });

  it.each([
    ['another version', 'gsma/rsp/v2.2.0'],
    ['none', undefined],
  ])('refuses X-Admin-Protocol %s with 400', async (_what, protocol) => {
    const answer = await postEsipa(eim, getEimPackage, { 'X-Admin-Protocol': protocol });
    expect(answer.status).toBe(400);
    expect(answer.body.toString()).toBe('Unsupported X-Admin-Protocol');
  });

  it.each([
    ['JSON', 'application/json'],
    ['none', undefined],
  ])('refuses Content-Type %s with 415', async (_what, type) => {
    const answer = await postEsipa(eim, getEimPackage, { 'Content-Type': type });
    expect(answer.status).toBe(415);
    expect(answer.headers['x-admin-protocol']).toBe('gsma/rsp/v2.1.0');
  });

  it.each([
    ['an empty body', Buffer.alloc(0)],
    ['garbage', Buffer.from('not DER at all')],
    ['a truncated request', getEimPackage.subarray(0, 10)],
    ['a request with bytes after it', Buffer.concat([getEimPackage, Buffer.from([0])])],
    ['an EID of 15 bytes', Buffer.from(`bf4f115a0f${EID.slice(0, 30)}`, 'hex')],
    ['an answer instead of a request', Buffer.from('bf4f0302010' + '1', 'hex')],
    ['an indefinite length', Buffer.from(`bf4f805a10${EID}0000`, 'hex')],
  ])('refuses %s with 400, not 500', async (_what, body) => {
    const answer = await postEsipa(eim, body);
    expect(answer.status).toBe(400);
  });

  it('refuses a function it does not serve with 400 Unsupported Request', async () => {
    // TransferEimPackage is eIM-initiated (SGP.32 6.3.3.1): an IPA's answer to one the eIM never sent
    const answer = await postEsipa(eim, TransferEimPackageResponse.encode({ eimPackageReceived: null }));
    expect(answer.status).toBe(400);
    expect(answer.body.toString()).toBe('Unsupported Request');
  });

  it('refuses a body over maxRequestBytes with 413 before decoding it', async () => {
    const small = await startTestEim({ maxRequestBytes: 64 });
    try {
      const answer = await postEsipa(small, Buffer.concat([getEimPackage, Buffer.alloc(100)]));
      expect(answer.status).toBe(413);
      expect((await postEsipa(small, getEimPackage)).status).toBe(200);
    } finally {
      await small.close();
    }
  });
});

describe('the ESipa registry', () => {
  it('answers a failing handler with its function undefinedError, and none with 204', async () => {
    const eim = await startTestEim(
      {},
      {
        handlers: {
          getEimPackageRequest: async () => {
            throw new Error('the store is down');
          },
          handleNotificationEsipa: async () => undefined,
        },
      },
    );
    try {
      const answer = await postEsipa(eim, getEimPackage);
      expect(answer.status).toBe(200);
      expect(answer.body.toString('hex')).toBe('bf4f030201' + '7f');
      expect(EsipaMessageFromEimToIpa.decode(answer.body)).toEqual({
        getEimPackageResponse: { eimPackageError: 127 },
      });
      const notification = await postEsipa(
        eim,
        HandleNotificationEsipa.encode({
          provideEimPackageResult: {
            eimPackageResult: { eimPackageResultResponseError: { eimPackageResultErrorCode: 127 } },
          },
        }),
      );
      expect(notification.status).toBe(204);
      expect(notification.body.length).toBe(0);
    } finally {
      await eim.close();
    }
  });

  it('gets each request as decoded, with its exact DER', async () => {
    const seen: string[] = [];
    const eim = await startTestEim(
      {},
      {
        handlers: {
          getEimPackageRequest: async (request, call) => {
            seen.push(request.eidValue.toString('hex'), call.der.toString('hex'));
            return { getEimPackageResponse: { eimPackageError: 2 } };
          },
        },
      },
    );
    try {
      const answer = await postEsipa(eim, getEimPackage);
      expect(answer.body.toString('hex')).toBe('bf4f03020102');
      expect(seen).toEqual([EID, getEimPackage.toString('hex')]);
    } finally {
      await eim.close();
    }
  });

  it('refuses two handlers for one function', () => {
    const handler = async () => ({ getEimPackageResponse: { eimPackageError: 1 } }) as const;
    expect(() =>
      joinHandlers([{ getEimPackageRequest: handler }, { getEimPackageRequest: handler }]),
    ).toThrow('two handlers for ESipa getEimPackageRequest');
  });
});
