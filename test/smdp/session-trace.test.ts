import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { httpsJson } from '../helpers/https-json.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';

let smdp: RunningSmdp;
beforeAll(async () => {
  smdp = await startTestSmdp();
});
afterAll(async () => {
  await smdp?.close();
});

const admin = (path: string, token?: string) => httpsJson(`${smdp.url}${path}`, { ca: smdp.caPem, token });

const find = (fields: any[], name: string) => fields.find((f) => f.name === name);

describe('session trace and admin API', () => {
  it('records every ES9+ exchange of a download, decoded, behind the admin token', async () => {
    const euicc = await EuiccEmulator.create();
    const { transactionId } = await downloadProfile({
      activationCode: `LPA:1$${smdp.address}$DEMO`,
      euicc,
      es9: { ca: smdp.caPem },
    });
    expect((await admin('/admin/sessions')).status).toBe(401);
    expect((await admin('/admin/sessions', 'wrong')).status).toBe(401);
    const list = await admin('/admin/sessions', smdp.adminToken);
    expect(list.body.sessions).toContainEqual(
      expect.objectContaining({
        transactionId,
        functions: [
          'initiateAuthentication',
          'authenticateClient',
          'getBoundProfilePackage',
          'handleNotification',
        ],
        failed: false,
      }),
    );
    const { body } = await admin(`/admin/sessions/${transactionId}`, smdp.adminToken);
    const [initiate, authenticate, bound, notify] = body.exchanges;
    expect(find(initiate.request, 'euiccInfo1').tag).toBe('BF20');
    expect(find(initiate.response, 'serverCertificate').value).toMatch(/dp-auth/);
    expect(find(authenticate.response, 'profileMetadata').children).toContainEqual({
      name: 'serviceProviderName',
      tag: '91',
      value: '"rspsim"',
    });
    expect(find(bound.response, 'boundProfilePackage').tag).toBe('BF36');
    expect(notify.httpStatus).toBe(204);
    expect(find(notify.request, 'pendingNotification').children[0].name).toBe('profileInstallationResult');
    expect((await admin('/admin/sessions/00', smdp.adminToken)).status).toBe(404);
  });
});
