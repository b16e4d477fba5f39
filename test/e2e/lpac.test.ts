import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { runLpac } from '../../src/euicc/lpac-harness.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { es2ClientFor, importProfile } from '../helpers/operator.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { startTestSmds } from '../helpers/smds-harness.ts';

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

  it('profile discovery at our SM-DS lists the event an ES2+ ConfirmOrder registered; download by EventID installs it', async () => {
    const smds = await startTestSmds();
    try {
      const euicc = await EuiccEmulator.create({ rootSmdsAddress: smds.address });
      const iccid = (await importProfile(smdp, 90)).body.profile.iccid as string;
      const es2 = es2ClientFor(smdp);
      await es2.call('downloadOrder', { iccid });
      const { matchingId } = await es2.call('confirmOrder', {
        iccid,
        eid: euicc.eid,
        smdsAddress: smds.address,
        releaseFlag: true,
      });
      // lpac prints the rspServerAddress of each event (not the EventID).
      const discovery = await runLpac(lpac!, ['profile', 'discovery', '-s', smds.address], euicc);
      expect(discovery.result).toMatchObject({ code: 0, data: [smdp.address] });
      const download = await runLpac(
        lpac!,
        ['profile', 'download', '-s', smdp.address, '-m', matchingId],
        euicc,
      );
      expect(download.result).toMatchObject({ code: 0, data: { iccid } });
      await smdp.smdsEvents.drain();
      expect(await smds.context.events.forEid(euicc.eid)).toEqual([]);
      const again = await runLpac(lpac!, ['profile', 'discovery', '-s', smds.address], euicc);
      expect(again.result).toMatchObject({ code: 0, data: [] });
    } finally {
      await smds.close();
    }
  });
});
