import { afterEach, describe, expect, it } from 'vitest';
import { type EuiccResultData, ProvideEimPackageResult } from '../../src/asn1/sgp32/index.ts';
import { createOrder } from '../../src/eim/orders/create-order.ts';
import type { RunningEim } from '../../src/eim/start.ts';
import { pollEim, provideResult, startTestEim } from '../helpers/eim-harness.ts';

/**
 * The eIM's consumerEuicc setting (onomondo-eim's consumer_euicc, on by default there): package results taken
 * without checking the eUICC's signature, their echoes still checked. The exchange is the osmo-ttcn3 `eim`
 * suite's (2566933e, f_TC_proc_euicc_pkg_dwnld_exec_psmo_or_eco): a PSMO order, GetEimPackage, then
 * ProvideEimPackageResult { eidValue, ePRAndNotifications { EPR, A0 {} } } whose EPR echoes the package's
 * counterValue and eimTransactionId under eimId "myEIM", seqNumber 123 and a made-up euiccSignEPR.
 */
const EID = '89882119900000000000000000000005';
const MADE_UP_SIGNATURE = Buffer.concat([Buffer.alloc(32, 0x52), Buffer.alloc(32, 0x53)]);

let eim: RunningEim | undefined;
afterEach(async () => {
  await eim?.close();
  eim = undefined;
});

async function suiteExchange(running: RunningEim, results: EuiccResultData[], echoCounter?: number) {
  const order = await createOrder(running.context, 'psmo', {
    eidValue: EID,
    order: { psmo: [{ enable: { iccid: '123456789ABCDEFFAAAA', rollback: false } }] },
  });
  const polled = await pollEim(running, EID);
  if (!('euiccPackageRequest' in polled.response)) throw new Error('no package');
  const signed = polled.response.euiccPackageRequest.euiccPackageSigned;
  const answer = await provideResult(
    running,
    ProvideEimPackageResult.encode({
      eidValue: Buffer.from(EID, 'hex'),
      eimPackageResult: {
        ePRAndNotifications: {
          euiccPackageResult: {
            euiccPackageResultSigned: {
              euiccPackageResultDataSigned: {
                eimId: 'myEIM',
                counterValue: echoCounter ?? signed.counterValue,
                ...(signed.eimTransactionId ? { eimTransactionId: signed.eimTransactionId } : {}),
                seqNumber: 123,
                euiccResult: results,
              },
              euiccSignEPR: MADE_UP_SIGNATURE,
            },
          },
          notificationList: [],
        },
      },
    }),
  );
  return { answer, order: await running.context.repository.order(order.id) };
}

describe('consumerEuicc: package results without the eUICC signature check', () => {
  it('takes a result with a made-up signature and records it', async () => {
    eim = await startTestEim({ eimId: 'myEIM', consumerEuicc: true });
    const { answer, order } = await suiteExchange(eim, [{ enableResult: 0 }]);
    // BF50 { 30 00 }: emptyResponse, what the osmo-ttcn3 eim suite expects (the IPA removes the result itself)
    expect(answer.der.toString('hex')).toBe('bf50023000');
    expect(order).toMatchObject({ status: 'done', outcome: [{ enableResult: 'ok' }] });
  });

  it('still refuses a result whose echoes are not the package', async () => {
    eim = await startTestEim({ eimId: 'myEIM', consumerEuicc: true });
    const { answer, order } = await suiteExchange(eim, [{ enableResult: 0 }], 99);
    expect(answer.der.toString('hex')).toBe('bf50023000');
    expect(order?.outcome).toEqual([{ procedureError: 'echoMismatch' }]);
  });

  it('by default verifies: the same result is refused without CERT.EUICC (SGP.32 3.3.1)', async () => {
    eim = await startTestEim({ eimId: 'myEIM' });
    const { answer, order } = await suiteExchange(eim, [{ enableResult: 0 }]);
    expect(answer.der.toString('hex')).toBe('bf50023000');
    expect(order?.outcome).toEqual([{ procedureError: 'euiccCertificateUnknown' }]);
  });
});
