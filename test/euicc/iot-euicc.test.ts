import { type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  GetEuiccInfo2Request,
  NotificationSentRequest,
  StoreMetadataRequest,
} from '../../src/asn1/rsp/index.ts';
import {
  AddInitialEimRequest,
  AddInitialEimResponse,
  type EuiccPackage,
  EuiccPackageResult,
  ExecuteFallbackMechanismRequest,
  ExecuteFallbackMechanismResponse,
  GetCertsRequest,
  GetCertsResponse,
  GetEimConfigurationDataRequest,
  GetEimConfigurationDataResponse,
  ProfileRollbackRequest,
  ProfileRollbackResponse,
  ReturnFromFallbackRequest,
  ReturnFromFallbackResponse,
  Sgp32EUICCInfo2,
  Sgp32RetrieveNotificationsListRequest,
  Sgp32RetrieveNotificationsListResponse,
} from '../../src/asn1/sgp32/index.ts';
import { generateEcKeyPair } from '../../src/crypto/curve.ts';
import { signEuiccPackage } from '../../src/eim/euicc-package.ts';
import { type PackageOutcome, verifyPackageResult } from '../../src/eim/package-result.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import {
  type EuiccScenario,
  loadEuiccScenarios,
  validateEuiccScenario,
} from '../../src/euicc/es10/scenarios.ts';
import { Es10Client } from '../../src/lpa/es10-client.ts';
import { ES10_IOT_FUNCTION_NAMES, es10IotTagOf } from '../../src/protocol/es10-iot-functions.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * The IoT eUICC (SGP.32 v1.2, `euicc create --iot`) driven over APDUs as an IPA drives it: AddInitialEim, a
 * package signed by a test eIM key executed and its result signed and verified by the eIM library,
 * refusals with the module's error codes, rollback, fallback, eCOs, the notification list and the state file.
 */
const EIM_ID = 'eim.test.example';
const ICCID_A = Buffer.from('98001032547698103214', 'hex');
const ICCID_B = Buffer.from('98001032547698103225', 'hex');

/** An installed, disabled profile as the state file holds it (what a download would have left). */
const profile = (iccid: Buffer, n: number) => ({
  iccid: iccid.toString('hex'),
  isdpAid: `A0000005591010FFFFFFFF89000010${n}0`,
  state: 'disabled',
  metadata: StoreMetadataRequest.encode({
    iccid,
    serviceProviderName: `Operator ${n}`,
    profileName: `Profile ${n}`,
  }).toString('base64'),
  profileElements: '',
});

interface Fixture {
  file: string;
  card: EuiccEmulator;
  es10: Es10Client;
  eimKey: { publicKey: KeyObject; privateKey: KeyObject };
  euiccKey: KeyObject;
  counter: number;
}

async function openCard(file: string, scenarios?: readonly EuiccScenario[]) {
  const card = await EuiccEmulator.open(file, scenarios ? { scenarios } : {});
  return { card, es10: new Es10Client(card) };
}

async function iotCard(scenarios?: readonly EuiccScenario[]): Promise<Fixture> {
  const file = join(tempDir('iot-euicc-'), 'euicc.json');
  await EuiccEmulator.create({ file, iot: true });
  const state = JSON.parse(readFileSync(file, 'utf8'));
  state.profiles = [profile(ICCID_A, 1), profile(ICCID_B, 2)];
  writeFileSync(file, JSON.stringify(state));
  const { card, es10 } = await openCard(file, scenarios);
  const certs = GetCertsResponse.decode(await es10.storeData(GetCertsRequest.encode({})));
  if (!('certs' in certs)) throw new Error('no certificates');
  const euiccKey = new X509Certificate(certs.certs.euiccCertificate).publicKey;
  const eimKey = generateEcKeyPair('P-256');
  const spki = eimKey.publicKey.export({ type: 'spki', format: 'der' });
  const added = AddInitialEimResponse.decode(
    await es10.storeData(
      AddInitialEimRequest.encode({
        eimConfigurationDataList: [
          {
            eimId: EIM_ID,
            counterValue: 1000,
            associationToken: -1,
            eimPublicKeyData: { eimPublicKey: spki },
            eimSupportedProtocol: ['eimRetrieveHttps'],
          },
        ],
      }),
    ),
  );
  expect(added).toEqual({ addInitialEimOk: [{ associationToken: 1 }] });
  return { file, card, es10, eimKey, euiccKey, counter: 1000 };
}

/** Signs a package with the eIM's next counterValue, loads it, verifies the result as the eIM does. */
async function run(
  f: Fixture,
  euiccPackage: EuiccPackage,
  overrides: { eid?: string; counterValue?: number; key?: KeyObject; eimId?: string } = {},
): Promise<{ outcome: PackageOutcome; der: Buffer }> {
  const counterValue = overrides.counterValue ?? ++f.counter;
  const target = {
    eimId: overrides.eimId ?? EIM_ID,
    eid: overrides.eid ?? f.card.eid,
    counterValue,
    associationToken: 1,
  };
  const signed = signEuiccPackage(target, euiccPackage, overrides.key ?? f.eimKey.privateKey);
  const der = await f.es10.storeData(signed.der);
  const expected = { ...target, eimTransactionId: signed.eimTransactionId };
  return { outcome: verifyPackageResult(der, f.euiccKey, expected), der };
}

const enabledIccids = (f: Fixture) =>
  f.card.profiles.filter((p) => p.state === 'enabled').map((p) => p.iccid);

describe('IoT eUICC (SGP.32 v1.2)', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await iotCard();
  });

  it('declares ipaMode and iotSpecificInfo in EUICCInfo2; an SGP.22 reader skips them', async () => {
    const der = await f.es10.storeData(GetEuiccInfo2Request.encode({}));
    const info = Sgp32EUICCInfo2.decode(der);
    expect(info.ipaMode).toBe(0);
    expect(info.iotSpecificInfo).toEqual({ iotVersion: [Buffer.from([1, 2, 0])], fallbackSupported: null });
    expect(der.includes(Buffer.from('9001 00 b4'.replace(/ /g, ''), 'hex'))).toBe(true);
    expect((await f.es10.getEuiccInfo2()).sasAcreditationNumber).toBe('RSPSIM-SOFTWARE-EUICC');
  });

  it('takes AddInitialEim once, and shows the eIM with its counter in GetEimConfigurationData', async () => {
    const again = await f.es10.storeData(
      AddInitialEimRequest.encode({ eimConfigurationDataList: [{ eimId: 'other', counterValue: 1 }] }),
    );
    expect(again.toString('hex')).toBe('bf5703810102'); // addInitialEimError associatedEimAlreadyExists
    const shown = GetEimConfigurationDataResponse.decode(
      await f.es10.storeData(GetEimConfigurationDataRequest.encode({})),
    );
    expect(shown.eimConfigurationDataList).toHaveLength(1);
    expect(shown.eimConfigurationDataList[0]).toMatchObject({
      eimId: EIM_ID,
      counterValue: 1000,
      associationToken: 1,
    });
  });

  it('executes a signed package in order, signs the result and keeps it in the notification list', async () => {
    const { outcome, der } = await run(f, {
      psmoList: [
        { enable: { iccid: ICCID_A } },
        { listProfileInfo: { tagList: Buffer.from('5a9f70', 'hex') } },
      ],
    });
    if (outcome.kind !== 'executed') throw new Error(`refused: ${JSON.stringify(outcome)}`);
    expect(outcome.results[0]).toEqual({ enableResult: 0 });
    expect(outcome.results[1]).toEqual({
      listProfileInfoResult: {
        profileInfoListOk: [
          // fallbackAttribute is DEFAULT FALSE: absent on the wire, false once decoded
          { iccid: ICCID_A, profileState: 1, fallbackAttribute: false },
          { iccid: ICCID_B, profileState: 0, fallbackAttribute: false },
        ],
      },
    });
    expect(enabledIccids(f)).toEqual([ICCID_A.toString('hex')]);
    expect(f.card.iot?.eims[0]?.counterValue).toBe(1001);
    // the same EPR is in the list under its seqNumber, until the IPA removes it
    const listed = Sgp32RetrieveNotificationsListResponse.decode(
      await f.es10.storeData(
        Sgp32RetrieveNotificationsListRequest.encode({ searchCriteria: { euiccPackageResults: null } }),
      ),
    );
    expect(listed).toEqual({ euiccPackageResultList: [EuiccPackageResult.decode(der)] });
    const removed = await f.es10.storeData(NotificationSentRequest.encode({ seqNumber: outcome.seqNumber }));
    expect(removed.toString('hex')).toBe('bf3003800100');
    expect(f.card.iot?.packageResults).toEqual([]);
  });

  it('refuses a replayed counter, a wrong EID, a bad signature and an unknown eIM with the SGP.32 errors', async () => {
    await run(f, { psmoList: [{ getRAT: {} }] });
    // replayError (4), signed: the same counterValue again
    expect((await run(f, { psmoList: [{ getRAT: {} }] }, { counterValue: 1001 })).outcome).toEqual({
      kind: 'refused',
      code: 'replayError',
    });
    expect(
      (await run(f, { psmoList: [{ getRAT: {} }] }, { eid: '89049032000000000000000000000001' })).outcome,
    ).toEqual({ kind: 'refused', code: 'invalidEid' });
    expect((await run(f, { psmoList: [{ getRAT: {} }] }, { counterValue: 8_388_608 })).outcome).toEqual({
      kind: 'refused',
      code: 'counterValueOutOfRange',
    });
    // unsigned: a key the eUICC does not hold for this eIM, an eimId it does not know
    const stranger = generateEcKeyPair('P-256').privateKey;
    expect((await run(f, { psmoList: [{ getRAT: {} }] }, { key: stranger })).outcome).toEqual({
      kind: 'refusedUnsigned',
      associationToken: 1,
    });
    const unknown = await run(f, { psmoList: [{ getRAT: {} }] }, { eimId: 'unknown.example' });
    expect(unknown.outcome).toEqual({ kind: 'refusedUnsigned' });
    expect(unknown.der.subarray(0, 4).toString('hex')).toMatch(/^bf51..a2/);
    // none of them ran or moved the counter
    expect(f.card.iot?.eims[0]?.counterValue).toBe(1001);
    expect(f.card.iot?.packageResults).toHaveLength(1);
  });

  it('stops at the first operation that fails', async () => {
    const { outcome } = await run(f, {
      psmoList: [{ disable: { iccid: ICCID_A } }, { enable: { iccid: ICCID_B } }],
    });
    expect(outcome).toMatchObject({ kind: 'executed', results: [{ disableResult: 2 }] });
    expect(enabledIccids(f)).toEqual([]);
  });

  it('rolls back an enable that carried rollbackFlag, once', async () => {
    await run(f, { psmoList: [{ enable: { iccid: ICCID_A } }] });
    const { outcome } = await run(f, { psmoList: [{ enable: { iccid: ICCID_B, rollbackFlag: null } }] });
    expect(outcome).toMatchObject({ kind: 'executed', results: [{ enableResult: 0 }] });
    expect(enabledIccids(f)).toEqual([ICCID_B.toString('hex')]);
    const answer = ProfileRollbackResponse.decode(
      await f.es10.storeData(ProfileRollbackRequest.encode({ refreshFlag: false })),
    );
    expect(answer.cmdResult).toBe(0);
    expect(enabledIccids(f)).toEqual([ICCID_A.toString('hex')]);
    const epr = EuiccPackageResult.encode(answer.eUICCPackageResult!);
    const verified = verifyPackageResult(epr, f.euiccKey, {
      eimId: EIM_ID,
      counterValue: f.counter,
      eimTransactionId:
        'euiccPackageResultSigned' in answer.eUICCPackageResult!
          ? answer.eUICCPackageResult.euiccPackageResultSigned.euiccPackageResultDataSigned.eimTransactionId
          : undefined,
      associationToken: 1,
    });
    expect(verified).toMatchObject({
      kind: 'executed',
      results: [{ enableResult: 0 }, { rollbackResult: 0 }],
    });
    const again = ProfileRollbackResponse.decode(
      await f.es10.storeData(ProfileRollbackRequest.encode({ refreshFlag: false })),
    );
    expect(again).toEqual({ cmdResult: 1 }); // rollbackNotAllowed
  });

  it('keeps one Fallback Profile, falls back to it and returns', async () => {
    await run(f, { psmoList: [{ enable: { iccid: ICCID_A } }] });
    const set = await run(f, {
      psmoList: [{ setFallbackAttribute: { iccid: ICCID_B } }, { listProfileInfo: {} }],
    });
    if (set.outcome.kind !== 'executed') throw new Error('refused');
    expect(set.outcome.results[0]).toEqual({ setFallbackAttributeResult: 0 });
    const listed = set.outcome.results[1];
    if (
      !listed ||
      !('listProfileInfoResult' in listed) ||
      !('profileInfoListOk' in listed.listProfileInfoResult)
    )
      throw new Error('no profile list');
    expect(listed.listProfileInfoResult.profileInfoListOk.map((info) => info.fallbackAttribute)).toEqual([
      false,
      true,
    ]);
    const fallback = ExecuteFallbackMechanismResponse.decode(
      await f.es10.storeData(ExecuteFallbackMechanismRequest.encode({ refreshFlag: false })),
    );
    expect(fallback.executeFallbackMechanismResult).toBe(0);
    expect(enabledIccids(f)).toEqual([ICCID_B.toString('hex')]);
    // the enabled Fallback Profile keeps its attribute
    expect((await run(f, { psmoList: [{ unsetFallbackAttribute: {} }] })).outcome).toMatchObject({
      results: [{ unsetFallbackAttributeResult: 3 }],
    });
    const back = ReturnFromFallbackResponse.decode(
      await f.es10.storeData(ReturnFromFallbackRequest.encode({ refreshFlag: false })),
    );
    expect(back.returnFromFallbackResult).toBe(0);
    expect(enabledIccids(f)).toEqual([ICCID_A.toString('hex')]);
  });

  it('adds, lists, updates and deletes eIMs with eCOs', async () => {
    const second = generateEcKeyPair('brainpoolP256r1').publicKey.export({ type: 'spki', format: 'der' });
    const { outcome } = await run(f, {
      ecoList: [
        {
          addEim: {
            eimId: 'second.example',
            counterValue: 5,
            associationToken: -1,
            eimPublicKeyData: { eimPublicKey: second },
          },
        },
        { addEim: { eimId: 'nokey.example', counterValue: 5 } },
      ],
    });
    expect(outcome).toMatchObject({
      kind: 'executed',
      results: [{ addEimResult: { associationToken: 2 } }, { addEimResult: { addEimResultCode: 7 } }],
    });
    const listed = await run(f, {
      ecoList: [{ updateEim: { eimId: 'second.example', counterValue: 1 } }, { listEim: {} }],
    });
    expect(listed.outcome).toMatchObject({ results: [{ updateEimResult: 6 }] }); // lower counter, same key
    const list = await run(f, { ecoList: [{ listEim: {} }, { deleteEim: { eimId: 'second.example' } }] });
    expect(list.outcome).toMatchObject({
      results: [
        { listEimResult: { eimIdList: [{ eimId: EIM_ID }, { eimId: 'second.example' }] } },
        { deleteEimResult: 0 },
      ],
    });
    expect(f.card.iot?.eims).toHaveLength(1);
  });

  it('keeps eIMs, counters and package results in the state file', async () => {
    const { outcome } = await run(f, { psmoList: [{ enable: { iccid: ICCID_B } }] });
    const reopened = await openCard(f.file);
    expect(reopened.card.iot?.eims[0]?.counterValue).toBe(1001);
    expect(reopened.card.iot?.packageResults.map((kept) => kept.seqNumber)).toEqual([
      outcome.kind === 'executed' ? outcome.seqNumber : -1,
    ]);
    expect(reopened.card.profiles.find((p) => p.state === 'enabled')?.iccid).toBe(ICCID_B.toString('hex'));
    // a damaged IoT part is named when the file is read
    const state = JSON.parse(readFileSync(f.file, 'utf8'));
    state.iot.eims[0].configuration = Buffer.from('3000', 'hex').toString('base64');
    const damaged = join(tempDir('iot-euicc-damaged'), 'euicc.json');
    writeFileSync(damaged, JSON.stringify(state));
    await expect(EuiccEmulator.open(damaged)).rejects.toThrow(
      /iot\.eims\[0\]\.configuration is not an EimConfigurationData/,
    );
    // a replay against the reopened card is refused too
    const replay = await run({ ...f, ...reopened }, { psmoList: [{ getRAT: {} }] }, { counterValue: 1001 });
    expect(replay.outcome).toEqual({ kind: 'refused', code: 'replayError' });
  });
});

const CATALOGUE = fileURLToPath(new URL('../../fixtures/scenarios/euicc/catalogue.json', import.meta.url));

describe('IoT eUICC scenarios', () => {
  it('the SGP.32 failures of the catalogue refuse a package that would run, with the error each names', async () => {
    const catalogue = (await loadEuiccScenarios(CATALOGUE)).filter((s) => s.function === 'loadEuiccPackage');
    const expected: Record<string, PackageOutcome> = {
      'euicc-iot-replayed-counter': { kind: 'refused', code: 'replayError' },
      'euicc-iot-wrong-eid': { kind: 'refused', code: 'invalidEid' },
      'euicc-iot-bad-signature': { kind: 'refusedUnsigned', associationToken: 1 },
      'euicc-iot-unknown-eim': { kind: 'refusedUnsigned' },
      'euicc-iot-size-overflow': { kind: 'refused', code: 'sizeOverflow' },
      'euicc-iot-ecall-active': { kind: 'refused', code: 'ecallActive' },
    };
    expect(catalogue.map((s) => s.name).sort()).toEqual(Object.keys(expected).sort());
    for (const scenario of catalogue) {
      const f = await iotCard([scenario]);
      const { outcome } = await run(f, { psmoList: [{ enable: { iccid: ICCID_A } }] });
      expect(outcome, scenario.name).toEqual(expected[scenario.name]);
      expect(enabledIccids(f), scenario.name).toEqual([]);
      expect(f.card.iot?.eims[0]?.counterValue, scenario.name).toBe(1000);
      // once: the same package with the next counter then runs
      expect(
        (await run(f, { psmoList: [{ enable: { iccid: ICCID_A } }] })).outcome,
        scenario.name,
      ).toMatchObject({
        kind: 'executed',
        results: [{ enableResult: 0 }],
      });
    }
  });

  it('refuse a verified package with a signed ecallActive or sizeOverflow, then run the next normally', async () => {
    const scenarios: EuiccScenario[] = [
      {
        name: 'ecall',
        function: 'loadEuiccPackage',
        answer: { type: 'error', code: 'ecallActive' },
        times: 1,
      },
    ];
    const f = await iotCard(scenarios);
    expect((await run(f, { psmoList: [{ getRAT: {} }] })).outcome).toEqual({
      kind: 'refused',
      code: 'ecallActive',
    });
    expect((await run(f, { psmoList: [{ getRAT: {} }] })).outcome).toMatchObject({ kind: 'executed' });
  });
});

describe('the IoT ES10b declarations', () => {
  it('name each function by the tag SGP.32 gives its request', () => {
    expect(Object.fromEntries(ES10_IOT_FUNCTION_NAMES.map((name) => [name, es10IotTagOf(name)]))).toEqual({
      loadEuiccPackage: 0xbf51,
      getEuiccInfo2: 0xbf22,
      addInitialEim: 0xbf57,
      getCerts: 0xbf56,
      retrieveNotificationsList: 0xbf2b,
      getProfilesInfo: 0xbf2d,
      immediateEnable: 0xbf5a,
      profileRollback: 0xbf58,
      configureImmediateProfileEnabling: 0xbf59,
      getEimConfigurationData: 0xbf55,
      executeFallbackMechanism: 0xbf5d,
      returnFromFallback: 0xbf5e,
      setDefaultDpAddress: 0xbf65,
    });
  });

  it('let a scenario refuse LoadEuiccPackage with an EuiccPackageErrorCode or an unsigned refusal', () => {
    for (const code of [
      'replayError',
      'invalidEid',
      'sizeOverflow',
      'ecallActive',
      'eimUnknown',
      'eimSignatureInvalid',
    ]) {
      const scenario = { name: 'x', function: 'loadEuiccPackage', answer: { type: 'error', code } };
      expect(validateEuiccScenario(scenario).function).toBe('loadEuiccPackage');
    }
    expect(() =>
      validateEuiccScenario({
        name: 'x',
        function: 'loadEuiccPackage',
        answer: { type: 'error', code: 'ok' },
      }),
    ).toThrow(/error code must be one of invalidEid, replayError/);
  });
});
