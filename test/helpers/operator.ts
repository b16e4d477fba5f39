import { readFileSync } from 'node:fs';
import { Es2Client } from '../../src/operator/es2-client.ts';
import { httpsJson } from './https-json.ts';
import { uppWithIccid } from './unique-upp.ts';

/** What the operator helpers need of a running SM-DP+ (a RunningSmdp, or a server process of a test). */
export interface OperatorTarget {
  readonly url: string;
  readonly caPem: string;
  readonly adminToken: string;
}

const fixture = readFileSync(new URL('../../fixtures/upp/TS48V2-SAIP2-1-BERTLV-UNIQUE.der', import.meta.url));

/** The operator's ES2+ client, authorised with the admin token. */
export const es2ClientFor = (smdp: OperatorTarget) =>
  new Es2Client((path, body, headers) =>
    httpsJson(`${smdp.url}${path}`, {
      ca: smdp.caPem,
      method: 'POST',
      token: smdp.adminToken,
      body,
      headers,
    }).then((r) => r.body),
  );

/** Imports a copy of the TS.48 fixture with its own ICCID (`n`) through the admin API; the answer as is. */
export const importProfile = (smdp: OperatorTarget, n: number, fields: Record<string, string> = {}) =>
  httpsJson(`${smdp.url}/admin/profiles`, {
    ca: smdp.caPem,
    method: 'POST',
    token: smdp.adminToken,
    body: JSON.stringify({ upp: uppWithIccid(fixture, n).toString('base64'), ...fields }),
  });
