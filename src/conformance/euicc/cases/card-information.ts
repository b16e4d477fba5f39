/**
 * ES10a addresses (SGP.22 5.7.3, 5.7.4) and what the card says of itself: EUICCInfo1/2 (5.7.8), the challenge
 * (5.7.7), the RAT (5.7.22 GetRAT), the EID (5.7.20) — each against the certificates where they overlap.
 */
import {
  EUICCInfo2,
  GetEuiccInfo2Request,
  GetRatRequest,
  GetRatResponse,
  SetDefaultDpAddressRequest,
  SetDefaultDpAddressResponse,
} from '../../../asn1/rsp/index.ts';
import { check, checkThat, judge, precondition, shall, should } from '../../verdict.ts';
import { checkAuthenticateOk } from '../card-checks.ts';
import type { EuiccCase } from '../euicc-case.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();
const list = (ids: readonly Buffer[]) => ids.map(hex).join(',');

const ROOT_DS = shall(
  'SGP.22 5.7.3',
  'EuiccConfiguredAddressesResponse carries the root SM-DS address (rootDsAddress, mandatory)',
);
const SET_DP = shall(
  'SGP.22 5.7.4',
  'SetDefaultDpAddress answers ok and the address is the one GetEuiccConfiguredAddresses then gives',
);
const INFO1 = shall(
  'SGP.22 5.7.8, 4.3',
  'EUICCInfo1 gives the SGP.22 version (v2.x) and non-empty CI PKId lists for verification and signing',
);
const INFO2_CONSISTENT = should(
  'SGP.22 5.7.8, 4.3',
  "EUICCInfo2 repeats EUICCInfo1's SGP.22 version and CI PKId lists",
);
const INFO2 = shall('SGP.22 5.7.8', 'GetEUICCInfo answers EUICCInfo2 (BF22) of the RSPDefinitions type');
const CHALLENGE = shall(
  'SGP.22 5.7.7',
  'GetEUICCChallenge answers a 16-byte random challenge, a new one each time',
);
const RAT = shall(
  'SGP.22 5.7.22 (GetRAT)',
  'GetRAT answers the Rules Authorisation Table (BF43), possibly empty',
);
const EID = shall(
  'SGP.22 5.7.20, 4.5.2.1.0.3',
  "GetEID gives the EID that CERT.EUICC.ECDSA's subject serialNumber carries",
);

export const CARD_INFORMATION_CASES: readonly EuiccCase[] = [
  {
    id: 'EA-ADDR-GET',
    area: 'ES10a',
    title: 'GetEuiccConfiguredAddresses gives the root SM-DS address',
    reference: 'SGP.22 5.7.3',
    readings: [ROOT_DS],
    async run({ card, note }) {
      const addresses = await card.getConfiguredAddresses();
      checkThat(
        'rootDsAddress',
        addresses.rootDsAddress.length > 0,
        'a non-empty address',
        JSON.stringify(addresses.rootDsAddress),
        ROOT_DS,
      );
      note(`root SM-DS ${addresses.rootDsAddress}, default SM-DP+ ${addresses.defaultDpAddress ?? '(none)'}`);
    },
  },
  {
    id: 'EA-ADDR-SET',
    area: 'ES10a',
    title: 'SetDefaultDpAddress changes the default SM-DP+ address (then put back)',
    reference: 'SGP.22 5.7.4, 5.7.3',
    readings: [SET_DP],
    async run({ card, lab, note }) {
      const before = await precondition('GetEuiccConfiguredAddresses', () => card.getConfiguredAddresses());
      const set = async (address: string) =>
        SetDefaultDpAddressResponse.decode(
          await card.storeData(SetDefaultDpAddressRequest.encode({ defaultDpAddress: address })),
        ).setDefaultDpAddressResult;
      try {
        check('setDefaultDpAddressResult', 0, await set(lab.address), SET_DP);
        const after = await card.getConfiguredAddresses();
        check('defaultDpAddress read back', lab.address, after.defaultDpAddress ?? '(absent)', SET_DP);
      } finally {
        // Put back what the card had; with none, the empty address (SGP.22 5.7.4 leaves its meaning open).
        await set(before.defaultDpAddress ?? '');
        if (before.defaultDpAddress === undefined)
          note('the card had no default SM-DP+ address: set back to the empty string');
      }
    },
  },
  {
    id: 'EB-INFO1',
    area: 'ES10b.GetEUICCInfo',
    title: 'EUICCInfo1: SGP.22 v2 and the CI PKId lists',
    reference: 'SGP.22 5.7.8, 4.3',
    readings: [INFO1],
    async run({ card, facts, note }) {
      const info1 = await card.getEuiccInfo1();
      check('EUICCInfo1.svn major version', 2, info1.svn[0], INFO1);
      checkThat(
        'euiccCiPKIdListForVerification',
        info1.euiccCiPKIdListForVerification.length > 0,
        'at least one CI PKId',
        'empty',
        INFO1,
      );
      checkThat(
        'euiccCiPKIdListForSigning',
        info1.euiccCiPKIdListForSigning.length > 0,
        'at least one CI PKId',
        'empty',
        INFO1,
      );
      note(
        `SVN ${[...info1.svn].join('.')}; verification ${list(info1.euiccCiPKIdListForVerification)}; signing ${list(info1.euiccCiPKIdListForSigning)}; lab CIs usable: ${facts.identities.map((i) => i.curve).join(', ') || 'none'}`,
      );
    },
  },
  {
    id: 'EB-INFO2',
    area: 'ES10b.GetEUICCInfo',
    title: 'EUICCInfo2 decodes and agrees with EUICCInfo1',
    reference: 'SGP.22 5.7.8, 4.3',
    readings: [INFO2, INFO2_CONSISTENT],
    async run(context) {
      const { card, facts } = context;
      let info2: EUICCInfo2;
      const der = await card.storeData(GetEuiccInfo2Request.encode({}));
      try {
        info2 = EUICCInfo2.decode(der);
      } catch (error) {
        check(
          'EUICCInfo2',
          'a BF22 of the RSPDefinitions type',
          `undecodable: ${(error as Error).message}`,
          INFO2,
        );
        return;
      }
      const info1 = facts.euiccInfo1;
      judge(
        context,
        INFO2_CONSISTENT,
        'EUICCInfo2.svn',
        hex(info2.svn) === hex(info1.svn),
        hex(info1.svn),
        hex(info2.svn),
      );
      judge(
        context,
        INFO2_CONSISTENT,
        'EUICCInfo2.euiccCiPKIdListForVerification',
        list(info2.euiccCiPKIdListForVerification) === list(info1.euiccCiPKIdListForVerification),
        list(info1.euiccCiPKIdListForVerification),
        list(info2.euiccCiPKIdListForVerification),
      );
      judge(
        context,
        INFO2_CONSISTENT,
        'EUICCInfo2.euiccCiPKIdListForSigning',
        list(info2.euiccCiPKIdListForSigning) === list(info1.euiccCiPKIdListForSigning),
        list(info1.euiccCiPKIdListForSigning),
        list(info2.euiccCiPKIdListForSigning),
      );
      context.note(
        `profileVersion ${[...info2.profileVersion].join('.')}, firmware ${[...info2.euiccFirmwareVer].join('.')}, ppVersion ${[...info2.ppVersion].join('.')}, SAS ${info2.sasAcreditationNumber}`,
      );
    },
  },
  {
    id: 'EB-CHAL-FRESH',
    area: 'ES10b.GetEUICCChallenge',
    title: 'GetEUICCChallenge gives 16 bytes, new each time',
    reference: 'SGP.22 5.7.7',
    readings: [CHALLENGE],
    async run({ card }) {
      const first = await card.getEuiccChallenge();
      const second = await card.getEuiccChallenge();
      check('euiccChallenge length', 16, first.length, CHALLENGE);
      checkThat(
        'second euiccChallenge',
        !first.equals(second),
        'differs from the first',
        `the same ${hex(first)}`,
        CHALLENGE,
      );
    },
  },
  {
    id: 'EB-RAT',
    area: 'ES10b.GetRAT',
    title: 'GetRAT answers the Rules Authorisation Table',
    reference: 'SGP.22 5.7.22 (GetRAT), 2.9.2',
    readings: [RAT],
    async run({ card, note }) {
      const der = await card.storeData(GetRatRequest.encode({}));
      try {
        const { rat } = GetRatResponse.decode(der);
        note(
          `${rat.length} rule(s): ${rat.map((r) => `${r.pprIds.join('+') || 'no PPR'} for ${r.allowedOperators.length} operator(s)`).join('; ') || 'none'}`,
        );
      } catch (error) {
        check(
          'GetRAT answer',
          'a BF43 of the RSPDefinitions type',
          `undecodable: ${(error as Error).message}`,
          RAT,
        );
      }
    },
  },
  {
    id: 'EC-EID',
    area: 'ES10c.GetEID',
    title: "GetEID gives the EID of the card's certificate",
    reference: 'SGP.22 5.7.20, 4.5.2.1.0.3',
    readings: [EID],
    async run(context) {
      const eid = await context.card.getEid();
      const session = context.session();
      const authenticated = await precondition('AuthenticateServer (for CERT.EUICC.ECDSA)', async () =>
        checkAuthenticateOk(session, await session.authenticate(), context.now()),
      );
      await session.cancel(1).catch(() => undefined);
      check('EID', authenticated.chain.eid, eid, EID);
    },
  },
];
