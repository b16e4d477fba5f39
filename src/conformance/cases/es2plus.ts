/**
 * SGP.23 area ES2+ (the operator's functions of the SM-DP+, SGP.22 5.3): DownloadOrder, ConfirmOrder,
 * CancelOrder, ReleaseProfile — nominal answers, each error of their tables the operator can provoke, and
 * the order's state as ES9+ then sees it. Inconclusive without --es2.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { randomEid } from '../../pki/eid.ts';
import { type CaseContext, type ConformanceCase, ref } from '../conformance-case.ts';
import type { JsonAnswer } from '../exchange.ts';
import type { Es2Orders } from '../orders.ts';
import { answerField, expectStatusCode, expectSuccess } from '../sgp22-answer.ts';
import { check, checkThat, Inconclusive } from '../verdict.ts';

const area = 'ES2+';

/** One ES2+ call with its header (SGP.22 6.5.1.3), answered as it came. */
async function es2(
  context: CaseContext,
  functionName: string,
  fields: Record<string, unknown>,
  withHeader = true,
): Promise<JsonAnswer> {
  const orders = es2Of(context);
  const header = {
    functionRequesterIdentifier: 'rspsim-conformance',
    functionCallIdentifier: randomBytes(8).toString('hex'),
  };
  return orders.poster.post(
    `/gsma/rsp2/es2plus/${functionName}`,
    { ...(withHeader ? { header } : {}), ...fields },
    {
      'X-Admin-Protocol': 'gsma/rsp/v2.2.0',
    },
  );
}

function es2Of(context: CaseContext): Es2Orders {
  if (!context.target.es2) throw new Inconclusive('needs the SM-DP+ ES2+ (--es2)');
  return context.target.es2;
}

/** DownloadOrder by profile type: the ICCID the SM-DP+ picked. */
async function downloadOrder(context: CaseContext, fields: Record<string, unknown> = {}): Promise<string> {
  const answer = await es2(context, 'downloadOrder', { profileType: es2Of(context).profileType, ...fields });
  expectSuccess('downloadOrder', answer);
  const iccid = String(answerField(answer, 'iccid') ?? '');
  checkThat('downloadOrder iccid', /^\d{18,20}$/.test(iccid), '18 to 20 digits', iccid || 'missing');
  return iccid;
}

const matchingId = () => `CONF-${randomBytes(6).toString('hex').toUpperCase()}`;
const unknownIccid = () => `8999${String(randomInt(1e9, 1e10 - 1))}${String(randomInt(1e5, 1e6 - 1))}`;

interface Es2Case {
  readonly id: string;
  readonly title: string;
  readonly section: string;
  run(context: CaseContext): Promise<void>;
}

const es2Case = (c: Es2Case): ConformanceCase => ({
  id: `ES2-${c.id}`,
  area,
  title: c.title,
  reference: ref(c.section, area),
  run: async (context) => {
    es2Of(context);
    await c.run(context);
  },
});

/** A released order through ES2+: ICCID and matchingId. */
async function releasedOrder(
  context: CaseContext,
  eid?: string,
): Promise<{ iccid: string; matchingId: string }> {
  const iccid = await downloadOrder(context, eid ? { eid } : {});
  const id = matchingId();
  expectSuccess(
    'confirmOrder',
    await es2(context, 'confirmOrder', { iccid, matchingId: id, ...(eid ? { eid } : {}), releaseFlag: true }),
  );
  return { iccid, matchingId: id };
}

export const es2plusCases: ConformanceCase[] = [
  es2Case({
    id: 'DO-NOM',
    title: 'DownloadOrder by profile type reserves a profile and returns its ICCID',
    section: '5.3.1',
    run: async (context) => void (await downloadOrder(context)),
  }),
  es2Case({
    id: 'DO-ERR-PROFILE-TYPE-UNKNOWN',
    title: 'DownloadOrder of an unknown profile type is refused (8.2.5/3.9)',
    section: '5.3.1',
    run: async (context) =>
      expectStatusCode(
        'downloadOrder',
        await es2(context, 'downloadOrder', { profileType: `NO-SUCH-TYPE-${matchingId()}` }),
        'profileTypeUnknown',
      ),
  }),
  es2Case({
    id: 'DO-ERR-ICCID-UNKNOWN',
    title: 'DownloadOrder of an unknown ICCID is refused (8.2.1/3.9)',
    section: '5.3.1',
    run: async (context) =>
      expectStatusCode(
        'downloadOrder',
        await es2(context, 'downloadOrder', { iccid: unknownIccid() }),
        'iccidUnknown',
      ),
  }),
  es2Case({
    id: 'DO-ERR-ICCID-TAKEN',
    title: 'DownloadOrder of an ICCID already ordered is refused (8.2.1/3.3)',
    section: '5.3.1',
    run: async (context) => {
      const iccid = await downloadOrder(context);
      expectStatusCode('downloadOrder', await es2(context, 'downloadOrder', { iccid }), 'iccidNotAvailable');
    },
  }),
  es2Case({
    id: 'DO-ERR-NO-PROFILE',
    title: 'DownloadOrder with neither ICCID nor profile type is refused (1.2/2.2)',
    section: '5.3.1',
    run: async (context) =>
      expectStatusCode(
        'downloadOrder',
        await es2(context, 'downloadOrder', { profileType: undefined }),
        'invalidInput',
      ),
  }),
  es2Case({
    id: 'CO-NOM-GENERATED-MATCHINGID',
    title: 'ConfirmOrder without a matchingId: the SM-DP+ makes one and gives its address',
    section: '5.3.2',
    run: async (context) => {
      const iccid = await downloadOrder(context);
      const answer = await es2(context, 'confirmOrder', { iccid, releaseFlag: true });
      expectSuccess('confirmOrder', answer);
      checkThat(
        'confirmOrder matchingId',
        /^[A-Za-z0-9-]+$/.test(String(answerField(answer, 'matchingId') ?? '')),
        'a matchingId',
        String(answerField(answer, 'matchingId')),
      );
      check('confirmOrder smdpAddress', context.target.address, answerField(answer, 'smdpAddress'));
    },
  }),
  es2Case({
    id: 'CO-NOM-GIVEN-MATCHINGID',
    title: "ConfirmOrder with the operator's matchingId keeps it, and the order downloads with it",
    section: '5.3.2',
    run: async (context) => {
      const { matchingId: id } = await releasedOrder(context);
      await context.device().install(id);
    },
  }),
  es2Case({
    id: 'CO-ERR-MATCHINGID-CONFLICT',
    title: 'ConfirmOrder with a matchingId another order has is refused (8.2.6/3.3)',
    section: '5.3.2',
    run: async (context) => {
      const first = await releasedOrder(context);
      const iccid = await downloadOrder(context);
      expectStatusCode(
        'confirmOrder',
        await es2(context, 'confirmOrder', { iccid, matchingId: first.matchingId, releaseFlag: true }),
        'matchingIdConflict',
      );
    },
  }),
  es2Case({
    id: 'CO-ERR-ICCID-UNKNOWN',
    title: 'ConfirmOrder of an unknown ICCID is refused (8.2.1/3.9)',
    section: '5.3.2',
    run: async (context) =>
      expectStatusCode(
        'confirmOrder',
        await es2(context, 'confirmOrder', { iccid: unknownIccid(), releaseFlag: true }),
        'iccidUnknown',
      ),
  }),
  es2Case({
    id: 'CO-ERR-EID-DIFFERS',
    title: 'ConfirmOrder naming another EID than DownloadOrder did is refused (8.1.1/3.10)',
    section: '5.3.2',
    run: async (context) => {
      const iccid = await downloadOrder(context, { eid: randomEid('89049032') });
      expectStatusCode(
        'confirmOrder',
        await es2(context, 'confirmOrder', { iccid, eid: randomEid('89049032'), releaseFlag: true }),
        'eidAlreadyBound',
      );
    },
  }),
  es2Case({
    id: 'CO-ERR-SMDS-NO-EID',
    title: 'ConfirmOrder with an smdsAddress but no EID is refused (8.1.1/2.2): an event is for an EID',
    section: '5.3.2',
    run: async (context) => {
      const iccid = await downloadOrder(context);
      expectStatusCode(
        'confirmOrder',
        await es2(context, 'confirmOrder', { iccid, smdsAddress: 'localhost:1', releaseFlag: true }),
        'eidMissing',
      );
    },
  }),
  es2Case({
    id: 'CO-ERR-SMDS-ADDRESS',
    title: 'ConfirmOrder with an smdsAddress that is no FQDN[:port] is refused (8.9.1/3.8)',
    section: '5.3.2',
    run: async (context) => {
      const eid = randomEid('89049032');
      const iccid = await downloadOrder(context, { eid });
      expectStatusCode(
        'confirmOrder',
        await es2(context, 'confirmOrder', {
          iccid,
          eid,
          smdsAddress: 'https://smds/path',
          releaseFlag: true,
        }),
        'smdsAddressInvalid',
      );
    },
  }),
  es2Case({
    id: 'CO-ERR-SMDS-UNAVAILABLE',
    title:
      'ConfirmOrder naming an SM-DS nobody answers at is refused (8.9/5.1) and the order can still be confirmed',
    section: '5.3.2, 5.9.1',
    run: async (context) => {
      const eid = randomEid('89049032');
      const iccid = await downloadOrder(context, { eid });
      expectStatusCode(
        'confirmOrder',
        await es2(context, 'confirmOrder', { iccid, eid, smdsAddress: 'localhost:1', releaseFlag: true }),
        'smdsUnavailable',
      );
      expectSuccess('confirmOrder', await es2(context, 'confirmOrder', { iccid, eid, releaseFlag: true }));
    },
  }),
  es2Case({
    id: 'RP-NOM',
    title: 'ReleaseProfile of a confirmed order (releaseFlag false) makes it downloadable',
    section: '5.3.4',
    run: async (context) => {
      const iccid = await downloadOrder(context);
      const id = matchingId();
      expectSuccess(
        'confirmOrder',
        await es2(context, 'confirmOrder', { iccid, matchingId: id, releaseFlag: false }),
      );
      expectSuccess('releaseProfile', await es2(context, 'releaseProfile', { iccid }));
      await context.device().install(id);
    },
  }),
  es2Case({
    id: 'RP-ERR-NOT-CONFIRMED',
    title: 'ReleaseProfile of an order already released is refused (8.2.1/3.5)',
    section: '5.3.4',
    run: async (context) => {
      const { iccid } = await releasedOrder(context);
      expectStatusCode('releaseProfile', await es2(context, 'releaseProfile', { iccid }), 'iccidRefused');
    },
  }),
  es2Case({
    id: 'CAN-NOM',
    title: 'CancelOrder of a released order: its matchingId is refused afterwards (8.2.6/3.8)',
    section: '5.3.3, 5.6.2',
    run: async (context) => {
      const order = await releasedOrder(context);
      expectSuccess(
        'cancelOrder',
        await es2(context, 'cancelOrder', {
          iccid: order.iccid,
          matchingId: order.matchingId,
          finalProfileStatusIndicator: 'Available',
        }),
      );
      const device = context.device();
      await device.upToInitiated();
      await device.authenticateServer(order.matchingId);
      expectStatusCode('authenticateClient', await device.authenticateClient(), 'matchingIdRefused');
    },
  }),
  es2Case({
    id: 'CAN-AVAILABLE-REORDER',
    title: 'CancelOrder with finalProfileStatusIndicator Available: the ICCID can be ordered again',
    section: '5.3.3',
    run: async (context) => {
      const order = await releasedOrder(context);
      expectSuccess(
        'cancelOrder',
        await es2(context, 'cancelOrder', { iccid: order.iccid, finalProfileStatusIndicator: 'Available' }),
      );
      expectSuccess(
        'downloadOrder of the same ICCID',
        await es2(context, 'downloadOrder', { iccid: order.iccid }),
      );
    },
  }),
  es2Case({
    id: 'CAN-UNAVAILABLE-NO-REORDER',
    title:
      'CancelOrder with finalProfileStatusIndicator Unavailable: the ICCID cannot be ordered again (8.2.1/3.3)',
    section: '5.3.3',
    run: async (context) => {
      const order = await releasedOrder(context);
      expectSuccess(
        'cancelOrder',
        await es2(context, 'cancelOrder', { iccid: order.iccid, finalProfileStatusIndicator: 'Unavailable' }),
      );
      expectStatusCode(
        'downloadOrder of the same ICCID',
        await es2(context, 'downloadOrder', { iccid: order.iccid }),
        'iccidNotAvailable',
      );
    },
  }),
  es2Case({
    id: 'CAN-ERR-INSTALLED',
    title: 'CancelOrder of an installed profile is refused (8.2.1/3.3)',
    section: '5.3.3',
    run: async (context) => {
      const order = await releasedOrder(context);
      await context.device().install(order.matchingId);
      expectStatusCode(
        'cancelOrder',
        await es2(context, 'cancelOrder', { iccid: order.iccid, finalProfileStatusIndicator: 'Available' }),
        'iccidNotAvailable',
      );
    },
  }),
  es2Case({
    id: 'CAN-ERR-MATCHINGID',
    title:
      'CancelOrder naming another matchingId than the order has is refused (8.2.6/3.10 Invalid Association)',
    section: '5.3.3',
    run: async (context) => {
      const order = await releasedOrder(context);
      const answer = await es2(context, 'cancelOrder', {
        iccid: order.iccid,
        matchingId: matchingId(),
        finalProfileStatusIndicator: 'Available',
      });
      expectStatusCode('cancelOrder', answer, {
        subjectCode: '8.2.6',
        reasonCode: '3.10',
        name: 'MatchingID Invalid Association',
      });
    },
  }),
  es2Case({
    id: 'CAN-ERR-EID',
    title: 'CancelOrder naming another EID than the order has is refused (8.1.1/3.10 Invalid Association)',
    section: '5.3.3',
    run: async (context) => {
      const order = await releasedOrder(context, randomEid('89049032'));
      const answer = await es2(context, 'cancelOrder', {
        iccid: order.iccid,
        eid: randomEid('89049032'),
        finalProfileStatusIndicator: 'Available',
      });
      expectStatusCode('cancelOrder', answer, {
        subjectCode: '8.1.1',
        reasonCode: '3.10',
        name: 'EID Invalid Association',
      });
    },
  }),
  es2Case({
    id: 'CAN-ERR-FINAL-STATUS',
    title:
      'CancelOrder with a finalProfileStatusIndicator other than Available/Unavailable is invalid input (1.6/3.8)',
    section: '5.3.3',
    run: async (context) => {
      const order = await releasedOrder(context);
      expectStatusCode(
        'cancelOrder',
        await es2(context, 'cancelOrder', { iccid: order.iccid, finalProfileStatusIndicator: 'Gone' }),
        'badInput',
      );
    },
  }),
  es2Case({
    id: 'STATE-INSTALLED',
    title:
      'after the download the profile is no longer available: DownloadOrder of its ICCID is refused (8.2.1/3.3)',
    section: '5.3.1, 5.6.4',
    run: async (context) => {
      const order = await releasedOrder(context);
      await context.device().install(order.matchingId);
      expectStatusCode(
        'downloadOrder',
        await es2(context, 'downloadOrder', { iccid: order.iccid }),
        'iccidNotAvailable',
      );
    },
  }),
  ...['downloadOrder', 'confirmOrder', 'cancelOrder', 'releaseProfile'].map((fn) =>
    es2Case({
      id: `INPUT-MISSING-HEADER-${fn.toUpperCase()}`,
      title: `${fn} without the request header is refused (1.2/2.1)`,
      section: '6.5.1.3',
      run: async (context) => {
        const answer = await es2(
          context,
          fn,
          { iccid: unknownIccid(), finalProfileStatusIndicator: 'Available' },
          false,
        );
        expectStatusCode(fn, answer, 'missingInput');
      },
    }),
  ),
];
