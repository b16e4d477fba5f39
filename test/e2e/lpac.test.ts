import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { runLpac } from '../../src/euicc/lpac-harness.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';

/**
 * Interoperability with a real third-party LPA: lpac (estkme-group/lpac 2.x) drives the software eUICC
 * through its stdio APDU driver and downloads from our SM-DP+ with curl. lpac is not part of the project:
 * build it beside the project and set LPAC to its binary to run this file (README, "Checking with lpac").
 */
const lpac = process.env.LPAC;
let smdp: RunningSmdp;

describe.skipIf(!lpac)('lpac against the software eUICC and the SM-DP+', () => {
  beforeAll(async () => {
    smdp = await startTestSmdp();
  });
  afterAll(async () => {
    await smdp?.close();
  });

  it('runs chip info, profile download, profile list and notification process with success', async () => {
    const euicc = await EuiccEmulator.create({ defaultSmdpAddress: smdp.address });
    const info = await runLpac(lpac!, ['chip', 'info'], euicc);
    expect(info.result).toMatchObject({ code: 0, data: { eidValue: euicc.eid } });

    const download = await runLpac(lpac!, ['profile', 'download', '-a', `LPA:1$${smdp.address}$DEMO`], euicc);
    expect(download.result).toMatchObject({
      code: 0,
      message: 'success',
      data: { iccid: '8949449999999990049' },
    });
    expect(euicc.profiles).toHaveLength(1);

    const list = await runLpac(lpac!, ['profile', 'list'], euicc);
    expect(list.result).toMatchObject({
      code: 0,
      data: [{ iccid: '8949449999999990049', profileState: 'disabled' }],
    });

    expect(euicc.notifications).toHaveLength(1);
    const processed = await runLpac(lpac!, ['notification', 'process', '-a', '-r'], euicc);
    expect(processed.result).toMatchObject({ code: 0 });
    expect(euicc.notifications).toHaveLength(0);
    expect(smdp.context.notifications.at(-1)).toMatchObject({
      kind: 'profileInstallationResult',
      success: true,
    });
  });
});
