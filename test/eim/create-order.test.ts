import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder, OrderRefused } from '../../src/eim/orders/create-order.ts';
import { OrderError } from '../../src/eim/orders/order-error.ts';
import { prepareOrder } from '../../src/eim/orders/prepare-order.ts';
import type { RunningEim } from '../../src/eim/start.ts';
import { startTestEim } from '../helpers/eim-harness.ts';

/** Orders as the operator writes them (onomondo-eim's resource schema), checked whole when they are created. */
const EID = '89049032123451234512345678901235';
let eim: RunningEim;
beforeAll(async () => {
  eim = await startTestEim({ maxOrdersPerEid: 4 });
});
afterAll(async () => {
  await eim.close();
});

describe('an operator order', () => {
  it.each([
    ['an EID of 31 digits', { eidValue: EID.slice(1), order: { psmo: [{ getRAT: {} }] } }, /eidValue/],
    [
      'another facility',
      { eidValue: EID, order: { eco: [{ listEim: {} }] } },
      /"eco", which is not one of psmo/,
    ],
    ['an empty list', { eidValue: EID, order: { psmo: [] } }, /order.psmo is empty/],
    [
      'an ICCID of 9 bytes',
      { eidValue: EID, order: { psmo: [{ enable: { iccid: '980010325476981032' } }] } },
      /iccid must be 10 bytes/,
    ],
    [
      'a misspelt field',
      { eidValue: EID, order: { psmo: [{ enable: { iccid: '98001032547698103214', rollbak: true } }] } },
      /"rollbak"/,
    ],
    ['an unknown PSMO', { eidValue: EID, order: { psmo: [{ reboot: {} }] } }, /must be one of/],
    ['a member beside the resource', { eidValue: EID, order: { psmo: [{ getRAT: {} }] }, x: 1 }, /"x"/],
  ])('is refused when it has %s', async (_what, resource, message) => {
    await expect(createOrder(eim.context, 'psmo', resource)).rejects.toThrow(message);
    await expect(createOrder(eim.context, 'psmo', resource)).rejects.toBeInstanceOf(OrderError);
  });

  it.each([
    [
      'an EimConfigurationData that does not decode',
      { eco: [{ addEim: { eimConfigurationData: 'A5' } }] },
      'eco',
    ],
    ['an activation code without an address', { download: { activationCode: '1$$X' } }, 'download'],
    ['only half a certificate chain', { euicc: [{ euiccCertificate: '30'.repeat(100) }] }, 'euicc'],
  ] as const)('is refused when it has %s', async (_what, order, facility) => {
    await expect(createOrder(eim.context, facility, { eidValue: EID, order })).rejects.toBeInstanceOf(
      OrderError,
    );
  });

  it("is taken in onomondo-eim's forms, and each becomes what a GetEimPackage hands out", async () => {
    const enable = await createOrder(eim.context, 'psmo', {
      eidValue: EID.toLowerCase(),
      order: {
        psmo: [
          { enable: { iccid: '98001032547698103214', rollback: true } },
          { configureAutoEnable: { autoEnableFlag: true, smdpAddress: 'smdp.example.com' } },
          { listProfileInfo: { searchCriteria: { profileClass: 2 }, tagList: '5A' } },
        ],
      },
    });
    expect(enable).toMatchObject({ eid: EID, status: 'new', facility: 'psmo' });
    const prepared = await prepareOrder(eim.context, enable);
    if (!('euiccPackageRequest' in prepared.response)) throw new Error('no package');
    expect(prepared.response.euiccPackageRequest.euiccPackageSigned.euiccPackage).toEqual({
      psmoList: [
        { enable: { iccid: Buffer.from('98001032547698103214', 'hex'), rollbackFlag: null } },
        { configureImmediateEnable: { immediateEnableFlag: null, defaultSmdpAddress: 'smdp.example.com' } },
        { listProfileInfo: { searchCriteria: { profileClass: 2 }, tagList: Buffer.from([0x5a]) } },
      ],
    });
    const download = await createOrder(eim.context, 'download', {
      eidValue: EID,
      order: { download: { activationCode: '1$smdp.example.com$MATCHING-ID' } },
    });
    const trigger = await prepareOrder(eim.context, download);
    expect(trigger.response).toEqual({
      profileDownloadTriggerRequest: {
        profileDownloadData: { activationCode: '1$smdp.example.com$MATCHING-ID' },
        eimTransactionId: trigger.eimTransactionId,
      },
    });
    const euicc = await createOrder(eim.context, 'euicc', {
      eidValue: EID,
      order: { euicc: [{ counterValue: 1000 }, { associationToken: 7 }] },
    });
    expect(euicc).toMatchObject({
      status: 'done',
      outcome: [{ counterValue: 'ok' }, { associationToken: 'ok' }],
    });
    expect(await eim.context.repository.euicc(EID)).toMatchObject({
      counterValue: 1000,
      associationToken: 7,
    });
  });

  it('is refused with OrderRefused once the EID holds maxOrdersPerEid orders', async () => {
    const other = '89049032123451234512345678901299';
    for (let i = 0; i < 4; i++)
      await createOrder(eim.context, 'edr', { eidValue: other, order: { edr: { tagList: '81' } } });
    await expect(
      createOrder(eim.context, 'edr', { eidValue: other, order: { edr: { tagList: '81' } } }),
    ).rejects.toBeInstanceOf(OrderRefused);
  });
});
