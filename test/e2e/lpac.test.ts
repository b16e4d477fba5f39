import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { runLpac } from '../../src/euicc/lpac-harness.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { es2ClientFor, importProfile } from '../helpers/operator.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { smdpEs12Outcomes, startTestSmds } from '../helpers/smds-harness.ts';

/**
 * Interoperability with a real third-party LPA: lpac (estkme-group/lpac 2.x) drives the software eUICC
 * through its stdio APDU driver and downloads from our SM-DP+ with curl. lpac is not part of the project:
 * build it beside the project and set LPAC to its binary to run this file (docs/euicc-and-lpa.md, "Checking with lpac").
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

  it('downloads to a brainpoolP256r1 eUICC (the SM-DP+ signs with its BRP certificates) and notifies', async () => {
    const euicc = await EuiccEmulator.create({ curve: 'brainpoolP256r1' });
    expect(euicc.curve).toBe('brainpoolP256r1');
    const download = await runLpac(lpac!, ['profile', 'download', '-a', `LPA:1$${smdp.address}$DEMO`], euicc);
    expect(download.result).toMatchObject({ code: 0, data: { iccid: '8949449999999990049' } });
    const received = smdp.context.notifications.received;
    expect((await runLpac(lpac!, ['notification', 'process', '-a', '-r'], euicc)).result).toMatchObject({
      code: 0,
    });
    expect(smdp.context.notifications.since(received)).toMatchObject([
      { kind: 'profileInstallationResult', success: true, eid: euicc.eid },
    ]);
  });

  it('downloads with a confirmation code: $$1 in the activation code needs -c, a wrong code is refused, the right one installs', async () => {
    const euicc = await EuiccEmulator.create();
    const ac = `LPA:1$${smdp.address}$DEMO-CC$$1`;
    const missing = await runLpac(lpac!, ['profile', 'download', '-a', ac], euicc);
    expect(missing.result).toMatchObject({ code: -1, message: 'confirmation_code', data: 'required' });
    const wrong = await runLpac(lpac!, ['profile', 'download', '-a', ac, '-c', '9999'], euicc);
    // 8.2.7/3.8 Confirmation Code Refused; lpac then cancels the session on both sides.
    expect(wrong.result).toMatchObject({ code: -1, message: 'es9p_get_bound_profile_package' });
    expect(String(wrong.result?.data)).toMatch(/Refused/);
    expect(wrong.progress).toEqual(expect.arrayContaining(['es10b_cancel_session', 'es9p_cancel_session']));
    expect(euicc.profiles).toHaveLength(0);
    const right = await runLpac(lpac!, ['profile', 'download', '-a', ac, '-c', '1234'], euicc);
    expect(right.result).toMatchObject({ code: 0, data: { iccid: '8949449999999990130' } });
    expect(euicc.profiles).toHaveLength(1);
  });

  it('enables, disables and deletes by ICCID and by ISD-P AID; lists the profile class; processes and removes notifications', async () => {
    const euicc = await EuiccEmulator.create();
    const iccid = '8949449999999990049';
    const download = await runLpac(lpac!, ['profile', 'download', '-a', `LPA:1$${smdp.address}$DEMO`], euicc);
    expect(download.result).toMatchObject({ code: 0, data: { iccid } });
    const aid = euicc.profiles[0]!.isdpAid;
    const run = async (...args: string[]) => (await runLpac(lpac!, args, euicc)).result;
    const ok = { code: 0, message: 'success' };

    expect(await run('profile', 'enable', iccid)).toMatchObject(ok);
    // ProfileInfo.profileClass written out (lpac prints null for an absent '95').
    expect(await run('profile', 'list')).toMatchObject({
      code: 0,
      data: [{ iccid, isdpAid: aid.toLowerCase(), profileState: 'enabled', profileClass: 'operational' }],
    });
    expect(await run('profile', 'disable', aid.toLowerCase())).toMatchObject(ok);
    expect(await run('profile', 'enable', aid.toUpperCase())).toMatchObject(ok);
    expect(await run('profile', 'disable', iccid)).toMatchObject(ok);
    expect(await run('profile', 'disable', iccid)).toMatchObject({
      code: -1,
      data: 'profile not in enabled state',
    });
    expect(await run('profile', 'nickname', iccid, 'mine')).toMatchObject(ok);
    expect(euicc.profiles[0]!.nickname).toBe('mine');
    expect(await run('profile', 'delete', aid.toLowerCase())).toMatchObject(ok);
    expect(euicc.profiles).toHaveLength(0);
    expect(await run('profile', 'delete', iccid)).toMatchObject({ code: -1, data: 'iccid or aid not found' });

    const events = ['install', 'enable', 'disable', 'enable', 'disable', 'delete'];
    const listed = (await run('notification', 'list'))?.data as { profileManagementOperation: string }[];
    expect(listed.map((n) => n.profileManagementOperation)).toEqual(events);
    const [first, second] = euicc.notifications.map((n) => n.seqNumber);
    const received = smdp.context.notifications.received;
    // Sent without -r: the SM-DP+ has it, the eUICC keeps it until it is removed.
    expect(await run('notification', 'process', String(first))).toMatchObject(ok);
    expect(euicc.notifications).toHaveLength(6);
    expect(await run('notification', 'remove', String(first))).toMatchObject(ok);
    expect(euicc.notifications.map((n) => n.seqNumber)).not.toContain(first);
    expect(await run('notification', 'remove', String(first))).toMatchObject({
      code: -1,
      data: 'seqNumber not found',
    });
    expect(await run('notification', 'remove', String(second))).toMatchObject(ok);
    expect(await run('notification', 'process', '-a', '-r')).toMatchObject(ok);
    expect(euicc.notifications).toHaveLength(0);
    const arrived = smdp.context.notifications.since(received);
    expect(arrived.map((n) => n.kind)).toEqual([
      'profileInstallationResult',
      ...Array(4).fill('otherSignedNotification'),
    ]);
    expect(arrived.slice(1).map((n) => (n as { event?: string }).event)).toEqual([
      'notificationDisable',
      'notificationEnable',
      'notificationDisable',
      'notificationDelete',
    ]);
  });

  it('profile discovery at our SM-DS lists the event an ES2+ ConfirmOrder registered; download by EventID installs it', async () => {
    const smds = await startTestSmds();
    try {
      const euicc = await EuiccEmulator.create({ rootSmdsAddress: smds.address });
      const iccid = (await importProfile(smdp, 90)).body.profile.iccid as string;
      const es2 = es2ClientFor(smdp);
      await es2.call('downloadOrder', { iccid });
      const matchingId = (
        await es2.call('confirmOrder', {
          iccid,
          eid: euicc.eid,
          smdsAddress: smds.address,
          releaseFlag: true,
        })
      ).matchingId as string;
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
  it('profile discovery at the root SM-DS names the alternative SM-DS of a forwarded event; there, the SM-DP+', async () => {
    const root = await startTestSmds();
    const alternative = await startTestSmds({ rootSmds: root.address });
    try {
      const euicc = await EuiccEmulator.create({ rootSmdsAddress: root.address });
      const iccid = (await importProfile(smdp, 91)).body.profile.iccid as string;
      const es2 = es2ClientFor(smdp);
      await es2.call('downloadOrder', { iccid });
      const matchingId = (await es2.call('confirmOrder', { iccid, eid: euicc.eid, releaseFlag: true }))
        .matchingId as string;
      const event = {
        eid: euicc.eid,
        eventId: matchingId,
        rspServerAddress: smdp.address,
        forwardingIndicator: true,
      };
      expect(await smdpEs12Outcomes().call(alternative.address, 'registerEvent', event)).toEqual({
        executed: true,
      });
      // lpac lists each event's address as it is, an SM-DS's too: the user asks that SM-DS in turn.
      const atRoot = await runLpac(lpac!, ['profile', 'discovery', '-s', root.address], euicc);
      expect(atRoot.result).toMatchObject({ code: 0, data: [alternative.address] });
      const atAlternative = await runLpac(lpac!, ['profile', 'discovery', '-s', alternative.address], euicc);
      expect(atAlternative.result).toMatchObject({ code: 0, data: [smdp.address] });
      const download = await runLpac(
        lpac!,
        ['profile', 'download', '-s', smdp.address, '-m', matchingId],
        euicc,
      );
      expect(download.result).toMatchObject({ code: 0, data: { iccid } });
    } finally {
      await alternative.close();
      await root.close();
    }
  });
});
