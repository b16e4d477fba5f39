import { afterEach, describe, expect, it } from 'vitest';
import { StoreMetadataRequest } from '../../src/asn1/rsp/index.ts';
import { ProvideEimPackageResult } from '../../src/asn1/sgp32/index.ts';
import { createOrder } from '../../src/eim/orders/create-order.ts';
import { addInitialEimRequestDer } from '../../src/eim/server/eim-configuration.ts';
import type { RunningEim } from '../../src/eim/start.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { newEuiccState } from '../../src/euicc/identity.ts';
import { emptyIotState } from '../../src/euicc/iot/iot-state.ts';
import { IotEs10Client } from '../../src/ipa/es10-iot-client.ts';
import { executeEuiccPackage, removeAcknowledged } from '../../src/ipa/package-procedure.ts';
import { Es10Client } from '../../src/lpa/es10-client.ts';
import { loadDefaultPki } from '../../src/pki/pki-store.ts';
import { pollEim, provideResult, startTestEim } from '../helpers/eim-harness.ts';

/**
 * SGP.32 3.3.1 over real HTTPS on loopback, both curves: orders queued at the eIM, fetched by GetEimPackage,
 * executed by our IoT software eUICC through the IPA's ES10 client, reported by ProvideEimPackageResult; the
 * eIM learns CERT.EUICC from a data request, verifies the signed result with it and acknowledges it.
 */
const ICCID = '98001032547698103214';

let eim: RunningEim | undefined;
afterEach(async () => {
  await eim?.close();
  eim = undefined;
});

async function iotCard(curve: 'P-256' | 'brainpoolP256r1') {
  const state = { ...newEuiccState(loadDefaultPki(), curve), iot: emptyIotState() };
  state.profiles.push({
    iccid: ICCID,
    isdpAid: 'A0000005591010FFFFFFFF8900001000',
    state: 'disabled',
    metadata: StoreMetadataRequest.encode({
      iccid: Buffer.from(ICCID, 'hex'),
      serviceProviderName: 'Operator',
      profileName: 'IoT profile',
      notificationConfigurationInfo: [
        { profileManagementOperation: ['notificationEnable'], notificationAddress: 'smdp.example.com' },
      ],
    }).toString('base64'),
    profileElements: '',
  });
  const card = EuiccEmulator.fromState(state);
  return { card, ipa: new IotEs10Client(new Es10Client(card)) };
}

describe.each(['P-256', 'brainpoolP256r1'] as const)('eUICC Packages over ESipa, eIM key on %s', (curve) => {
  it('learns CERT.EUICC from a data request, then runs an enable PSMO whose signed result it verifies', async () => {
    const running = await startTestEim({ eimCurve: curve });
    eim = running;
    const { card, ipa } = await iotCard(curve);
    const eid = card.eid.toUpperCase();
    // the eUICC takes the eIM as its info page gives it (associationToken -1: the eUICC assigns 1)
    const added = await ipa.es10.storeData(addInitialEimRequestDer(running.context));
    expect(added.toString('hex')).toBe('bf5705a0038401' + '01');

    // nothing queued yet
    expect((await pollEim(running, eid)).der.toString('hex')).toBe('bf4f0302010' + '1');

    // a data request for the certificates (A5 A6)
    const edr = await createOrder(running.context, 'edr', {
      eidValue: eid,
      order: { edr: { tagList: 'A5A6' } },
    });
    const polled = await pollEim(running, eid);
    if (!('ipaEuiccDataRequest' in polled.response)) throw new Error('no data request');
    const request = polled.response.ipaEuiccDataRequest;
    expect(request.tagList.toString('hex')).toBe('a5a6');
    expect(request.eimTransactionId).toHaveLength(16);
    const certs = (await ipa.getCerts()).value;
    if (!('certs' in certs)) throw new Error('no certificates');
    const dataAnswer = await provideResult(
      running,
      ProvideEimPackageResult.encode({
        eidValue: Buffer.from(eid, 'hex'),
        eimPackageResult: {
          ipaEuiccDataResponse: {
            ipaEuiccData: {
              eumCertificate: certs.certs.eumCertificate,
              euiccCertificate: certs.certs.euiccCertificate,
              ...(request.eimTransactionId ? { eimTransactionId: request.eimTransactionId } : {}),
            },
          },
        },
      }),
    );
    expect(dataAnswer.der.toString('hex')).toBe('bf50023000');
    expect((await running.context.repository.order(edr.id))?.status).toBe('done');
    expect((await running.context.repository.euicc(eid))?.euiccCertificate).toEqual(
      certs.certs.euiccCertificate,
    );

    // an enable PSMO: signed with counterValue 1 and token 1, executed, its result verified and acknowledged
    const psmo = await createOrder(running.context, 'psmo', {
      eidValue: eid,
      order: { psmo: [{ enable: { iccid: ICCID, rollback: false } }] },
    });
    const fetched = await pollEim(running, eid);
    if (!('euiccPackageRequest' in fetched.response)) throw new Error('no package');
    const signed = fetched.response.euiccPackageRequest.euiccPackageSigned;
    expect(signed).toMatchObject({ eimId: 'rspsim-eim', counterValue: 1 });
    expect(signed.eidValue.toString('hex').toUpperCase()).toBe(eid);
    // the IPA passes the package's bytes unchanged: BF4F's content is the EuiccPackageRequest
    const executed = await executeEuiccPackage(ipa, Buffer.from(eid, 'hex'), fetched.content);
    const reported = await provideResult(running, executed.provideEimPackageResult);
    // nothing acknowledged: the enable notification stays with the IPA (no receiver to forward it to here), and
    // the IPA removes the package result itself once the eIM took it (SGP.32 3.3.1 steps 15-17)
    expect(reported.response).toEqual({ emptyResponse: {} });
    expect(await removeAcknowledged(ipa, executed, 'emptyResponse')).toEqual(executed.seqNumbers.slice(0, 1));
    expect(await running.context.repository.order(psmo.id)).toMatchObject({
      status: 'done',
      outcome: [{ enableResult: 'ok' }],
    });
    expect(card.profiles[0]?.state).toBe('enabled');
    expect((await running.context.repository.euicc(eid))?.counterValue).toBe(1);
  });
});

describe('result checks and the queue over ESipa', () => {
  it('refuses a result whose eUICC signature does not verify, and one from an eUICC it has no certificate of', async () => {
    const running = await startTestEim();
    eim = running;
    const { card, ipa } = await iotCard('P-256');
    const eid = card.eid.toUpperCase();
    await ipa.es10.storeData(addInitialEimRequestDer(running.context));
    const order = () =>
      createOrder(running.context, 'psmo', { eidValue: eid, order: { psmo: [{ getRAT: {} }] } });

    // no certificate known: the result cannot be verified
    const first = await order();
    const fetched = await pollEim(running, eid);
    const executed = await executeEuiccPackage(ipa, Buffer.from(eid, 'hex'), fetched.content);
    expect((await provideResult(running, executed.provideEimPackageResult)).der.toString('hex')).toBe(
      'bf50023000',
    );
    expect((await running.context.repository.order(first.id))?.outcome).toEqual([
      { procedureError: 'euiccCertificateUnknown' },
    ]);

    // the certificate registered by the operator; a result with one bit of its signature flipped
    const certs = (await ipa.getCerts()).value;
    if (!('certs' in certs)) throw new Error('no certificates');
    await createOrder(running.context, 'euicc', {
      eidValue: eid,
      order: {
        euicc: [
          { euiccCertificate: certs.certs.euiccCertificate.toString('hex') },
          { eumCertificate: certs.certs.eumCertificate.toString('hex') },
        ],
      },
    });
    const second = await order();
    const again = await pollEim(running, eid);
    const result = await executeEuiccPackage(ipa, Buffer.from(eid, 'hex'), again.content);
    const tampered = Buffer.from(result.provideEimPackageResult);
    const signatureAt = tampered.indexOf(Buffer.from('5f3740', 'hex'));
    tampered.writeUInt8(tampered.readUInt8(signatureAt + 10) ^ 0x01, signatureAt + 10);
    expect((await provideResult(running, tampered)).der.toString('hex')).toBe('bf50023000');
    expect((await running.context.repository.order(second.id))?.outcome).toEqual([
      { procedureError: 'euiccSignatureInvalid' },
    ]);
  });

  it('gives up an order the IPA took and never answered after stuckOrderSeconds, by the injected clock', async () => {
    let now = Date.UTC(2026, 11, 7, 12);
    const running = await startTestEim({ stuckOrderSeconds: 300 }, { now: () => now });
    eim = running;
    const eid = '89049032123451234512345678901235';
    const order = await createOrder(running.context, 'edr', {
      eidValue: eid,
      order: { edr: { tagList: '81' } },
    });
    await pollEim(running, eid);
    now += 299_000;
    expect((await pollEim(running, eid)).der.toString('hex')).toBe('bf4f0302010' + '1');
    expect((await running.context.repository.order(order.id))?.status).toBe('work');
    now += 1000;
    await pollEim(running, eid);
    expect(await running.context.repository.order(order.id)).toMatchObject({
      status: 'done',
      outcome: [{ procedureError: 'stuckOrder' }],
      updatedAt: now,
    });
  });
});

describe("a data request's certificates of another eUICC", () => {
  it('are not taken; the order keeps the eUICC data as the outcome, without an eIM item beside it', async () => {
    const running = await startTestEim({});
    eim = running;
    const { card, ipa } = await iotCard('P-256');
    const other = await iotCard('P-256');
    const eid = card.eid.toUpperCase();
    await ipa.es10.storeData(addInitialEimRequestDer(running.context));
    const edr = await createOrder(running.context, 'edr', {
      eidValue: eid,
      order: { edr: { tagList: 'A5A6' } },
    });
    const polled = await pollEim(running, eid);
    if (!('ipaEuiccDataRequest' in polled.response)) throw new Error('no data request');
    const certs = (await other.ipa.getCerts()).value;
    if (!('certs' in certs)) throw new Error('no certificates');
    const { eimTransactionId } = polled.response.ipaEuiccDataRequest;
    const answer = await provideResult(
      running,
      ProvideEimPackageResult.encode({
        eidValue: Buffer.from(eid, 'hex'),
        eimPackageResult: {
          ipaEuiccDataResponse: {
            ipaEuiccData: { ...certs.certs, ...(eimTransactionId ? { eimTransactionId } : {}) },
          },
        },
      }),
    );
    expect(answer.der.toString('hex')).toBe('bf50023000');
    const done = await running.context.repository.order(edr.id);
    expect(done?.status).toBe('done');
    expect(JSON.stringify(done?.outcome)).toContain('euiccDataResult');
    expect(JSON.stringify(done?.outcome)).not.toContain('procedureError');
    expect((await running.context.repository.euicc(eid))?.euiccCertificate).toBeUndefined();
  });
});
