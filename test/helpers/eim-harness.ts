import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { EsipaMessageFromEimToIpa, GetEimPackageRequest } from '../../src/asn1/sgp32/index.ts';
import { readTlv } from '../../src/asn1/tlv.ts';
import { resolveEimConfig } from '../../src/eim/config.ts';
import type { JsonValue } from '../../src/eim/eim-repository.ts';
import { addInitialEimRequestDer } from '../../src/eim/server/eim-configuration.ts';
import { type EimStartOptions, type RunningEim, startEim } from '../../src/eim/start.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { type IpaRunOptions, runIpa } from '../../src/ipa/ipa-run.ts';
import { Es10Client } from '../../src/lpa/es10-client.ts';
import { iccidFromDigits } from '../../src/profile/iccid.ts';
import { profileRecordFrom } from '../../src/smdp/profile-catalogue.ts';
import type { ProfileRecord } from '../../src/smdp/profile-repository.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { MemoryProfileRepository } from '../../src/store/memory/memory-profile-repository.ts';
import { httpsJsonWithHeaders } from './https-json.ts';
import { startTestSmdp } from './smdp-harness.ts';
import { uppWithIccid } from './unique-upp.ts';

/** A real eIM on a free loopback port with the bundled test eIM key and SGP.26 PKI. */
export function startTestEim(
  flags: Record<string, unknown> = {},
  options: EimStartOptions = {},
): Promise<RunningEim> {
  return startEim(resolveEimConfig({ flags: { port: 0, logLevel: 'silent', store: 'memory', ...flags } }), {
    logger: pino({ level: 'silent' }),
    ...options,
  });
}

export interface EsipaHttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

/** One raw ESipa POST (SGP.32 6.1), headers as an IPA sends them unless replaced. */
export function postEsipa(
  eim: { url: string; caPem: string },
  body: Buffer,
  headers: Readonly<Record<string, string | undefined>> = {},
): Promise<EsipaHttpAnswer> {
  const sent = Object.fromEntries(
    Object.entries({
      'Content-Type': 'application/x-gsma-rsp-asn1',
      'X-Admin-Protocol': 'gsma/rsp/v2.1.0',
      'User-Agent': 'gsma-rsp-ipad',
      ...headers,
    }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return new Promise((resolve, reject) => {
    const req = request(
      `${eim.url}/gsma/rsp2/asn1`,
      { method: 'POST', ca: eim.caPem, headers: sent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** An IPA's GetEimPackage over HTTPS: the decoded answer and its exact bytes. */
export async function pollEim(eim: { url: string; caPem: string }, eid: string) {
  const answer = await postEsipa(eim, GetEimPackageRequest.encode({ eidValue: Buffer.from(eid, 'hex') }));
  if (answer.status !== 200) throw new Error(`GetEimPackage answered HTTP ${answer.status}`);
  const message = EsipaMessageFromEimToIpa.decode(answer.body);
  if (!('getEimPackageResponse' in message)) throw new Error('GetEimPackage answered another function');
  // what the IPA passes on unchanged: the content of 'BF4F' (a package's own 'BF51' TLV)
  const content = readTlv(answer.body, 0).value;
  return { der: answer.body, content, response: message.getEimPackageResponse };
}

/** An IPA's ProvideEimPackageResult over HTTPS (the BF50 body given): the decoded answer. */
export async function provideResult(eim: { url: string; caPem: string }, body: Buffer) {
  const answer = await postEsipa(eim, body);
  if (answer.status !== 200) throw new Error(`ProvideEimPackageResult answered HTTP ${answer.status}`);
  const message = EsipaMessageFromEimToIpa.decode(answer.body);
  if (!('provideEimPackageResultResponse' in message)) throw new Error('answered another function');
  return { der: answer.body, response: message.provideEimPackageResultResponse };
}

/** The eIM's operator API (onomondo-eim's REST API, behind the admin token), as a user's script calls it. */
export const eimOperator =
  (eim: RunningEim) =>
  (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') =>
    httpsJsonWithHeaders(`${eim.url}${path}`, {
      ca: eim.caPem,
      token: eim.adminToken,
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

/** One order created through the operator API, one poll cycle of the built-in IPA, the order's lookup afterwards. */
export async function runEimOrder(
  eim: RunningEim,
  euicc: EuiccEmulator,
  facility: string,
  order: JsonValue,
  options: IpaRunOptions = {},
) {
  const operator = eimOperator(eim);
  const created = await operator(`/${facility}/create`, { eidValue: euicc.eid, order });
  if (created.status !== 303) throw new Error(`order refused: HTTP ${created.status}`);
  const report = await runIpa(euicc, { caPem: eim.caPem, once: true, ...options });
  const { body } = await operator(String(created.headers.location));
  return { report, status: body.status as string, outcome: body.outcome as JsonValue[] };
}

/** An IoT software eUICC whose eIM is `eim`: ES10b.AddInitialEim with the eIM's own configuration (indirect download). */
export async function iotCardOfEim(
  eim: RunningEim,
  curve: 'P-256' | 'brainpoolP256r1' = 'P-256',
): Promise<EuiccEmulator> {
  const card = await EuiccEmulator.create({ curve, iot: true });
  const es10 = new Es10Client(card);
  try {
    await es10.storeData(addInitialEimRequestDer(eim.context));
  } finally {
    await es10.close();
  }
  return card;
}

const upp = readFileSync(new URL('../../fixtures/upp/TS48V2-SAIP2-1-BERTLV-UNIQUE.der', import.meta.url));

/** One profile ordered at the SM-DP+: a copy of the TS48 UPP under its own ICCID, released for a matchingId. */
export interface ProfileOrder {
  readonly matchingId: string;
  /** `1$<SM-DP+ address>$<matchingId>` (SGP.22 4.1). */
  readonly activationCode: string;
  readonly record: ProfileRecord;
  /** The profile's elements, as the eUICC must end up holding them. */
  readonly own: Buffer;
  readonly iccid: Buffer;
}

export interface SmdpWithOrders {
  /** The running SM-DP+ (started in the file's beforeAll). */
  readonly smdp: RunningSmdp;
  readonly profiles: MemoryProfileRepository;
  /** Orders the next profile, under matchingId `<prefix>-<n>`. */
  order(): Promise<ProfileOrder>;
}

/**
 * Our SM-DP+ over HTTPS on loopback for the whole test file (beforeAll / afterAll), with an in-memory catalogue
 * the tests order profiles into: each order a unique ICCID counted from `iccidBase`.
 */
export function smdpWithOrders(prefix: string, iccidBase: number): SmdpWithOrders {
  const profiles = new MemoryProfileRepository();
  let running: RunningSmdp | undefined;
  let orders = 0;
  beforeAll(async () => {
    running = await startTestSmdp({}, { profiles });
  });
  afterAll(async () => {
    await running?.close();
  });
  const smdp = () => {
    if (!running) throw new Error('the SM-DP+ is started in beforeAll');
    return running;
  };
  return {
    get smdp() {
      return smdp();
    },
    profiles,
    async order() {
      const matchingId = `${prefix}-${++orders}`;
      const own = uppWithIccid(upp, iccidBase + orders);
      const record = profileRecordFrom({ matchingId, upp: '' }, own, smdp().address, { ccMaxAttempts: 3 });
      await profiles.add(record, own);
      return {
        matchingId,
        activationCode: `1$${smdp().address}$${matchingId}`,
        record,
        own,
        iccid: iccidFromDigits(record.iccid),
      };
    },
  };
}
