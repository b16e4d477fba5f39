/**
 * SGP.23 area ES2+ (the operator's functions of the SM-DP+, SGP.22 5.3): DownloadOrder, ConfirmOrder,
 * CancelOrder, ReleaseProfile — nominal answers, each error of their tables the operator can provoke, and
 * the order's state as ES9+ then sees it. Inconclusive without --es2.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { StatusCodeName } from '../../errors/status-codes.ts';
import { randomEid } from '../../pki/eid.ts';
import { type CaseContext, type ConformanceCase, ref } from '../conformance-case.ts';
import type { JsonAnswer } from '../exchange.ts';
import type { Es2Orders } from '../orders.ts';
import { answerField, expectRefusal, expectSuccess, refusedWith } from '../sgp22-answer.ts';
import { check, checkThat, Inconclusive, precondition, type Reading, shall } from '../verdict.ts';
import { expectInputRefused, inputReadings } from './malformed-requests.ts';

/** A reading of an ES2+ function's text or status code table (SGP.22 5.3.x); ES2+ has no open-source peer. */
const es2Reading = (section: string, says: string, evidence?: string): Reading =>
  shall(`SGP.22 ${section}`, says, evidence);

/** The ES2+ answers every successful call is held to. */
const EXECUTED = es2Reading(
  '5.3, 6.5.1',
  'an ES2+ function the operator may call is executed (Executed-Success)',
);

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
  expectSuccess('downloadOrder', answer, EXECUTED);
  const iccid = String(answerField(answer, 'iccid') ?? '');
  checkThat(
    'downloadOrder iccid',
    /^\d{18,20}$/.test(iccid),
    '18 to 20 digits',
    iccid || 'missing',
    EXECUTED,
  );
  return iccid;
}

const matchingId = () => `CONF-${randomBytes(6).toString('hex').toUpperCase()}`;
const unknownIccid = () => `8999${String(randomInt(1e9, 1e10 - 1))}${String(randomInt(1e5, 1e6 - 1))}`;

interface Es2Case {
  readonly id: string;
  readonly title: string;
  readonly section: string;
  /** What the case enforces; run() is given it to cite in its checks. */
  readonly reading: Reading;
  /** Further readings it cites (how strongly a code is asked). */
  readonly also?: readonly Reading[];
  run(context: CaseContext, reading: Reading): Promise<void>;
}

const es2Case = (c: Es2Case): ConformanceCase => ({
  id: `ES2-${c.id}`,
  area,
  title: c.title,
  reference: ref(c.section, area),
  readings: [...new Set([c.reading, ...(c.also ?? []), EXECUTED])],
  run: async (context) => {
    es2Of(context);
    await c.run(context, c.reading);
  },
});

/** The function refuses with exactly the code of its table. */
const expectCode = (
  context: CaseContext,
  fn: string,
  answer: JsonAnswer,
  code: StatusCodeName,
  reading: Reading,
): void => expectRefusal(context, fn, answer, refusedWith(code, reading));

/** An order through ES2+ as the case's set-up (its failure makes the case inconclusive). */
const setUpOrder = <T>(run: () => Promise<T>): Promise<T> =>
  precondition('the ES2+ order of the set-up (DownloadOrder, ConfirmOrder)', run);

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
    EXECUTED,
  );
  return { iccid, matchingId: id };
}

/** A fresh order downloaded by a new emulated eUICC (the whole ES9+ download). */
const installedBy = (context: CaseContext, id: string) =>
  precondition('a whole ES9+ download of the order', () => context.device().install(id));

export const es2plusCases: ConformanceCase[] = [
  es2Case({
    id: 'DO-NOM',
    title: 'DownloadOrder by profile type reserves a profile and returns its ICCID',
    section: '5.3.1',
    reading: EXECUTED,
    run: async (context) => void (await downloadOrder(context)),
  }),
  es2Case({
    id: 'DO-ERR-PROFILE-TYPE-UNKNOWN',
    title: 'DownloadOrder of an unknown profile type is refused (8.2.5/3.9)',
    section: '5.3.1',
    reading: es2Reading('5.3.1', 'refuses an unknown profileType with 8.2.5/3.9 (Profile Type – Unknown)'),
    run: async (context, r) =>
      expectCode(
        context,
        'downloadOrder',
        await es2(context, 'downloadOrder', { profileType: `NO-SUCH-TYPE-${matchingId()}` }),
        'profileTypeUnknown',
        r,
      ),
  }),
  es2Case({
    id: 'DO-ERR-ICCID-UNKNOWN',
    title: 'DownloadOrder of an unknown ICCID is refused (8.2.1/3.9)',
    section: '5.3.1',
    reading: es2Reading('5.3.1', 'refuses an unknown ICCID with 8.2.1/3.9 (Profile ICCID – Unknown)'),
    run: async (context, r) =>
      expectCode(
        context,
        'downloadOrder',
        await es2(context, 'downloadOrder', { iccid: unknownIccid() }),
        'iccidUnknown',
        r,
      ),
  }),
  es2Case({
    id: 'DO-ERR-ICCID-TAKEN',
    title: 'DownloadOrder of an ICCID already ordered is refused (8.2.1/3.3)',
    section: '5.3.1',
    reading: es2Reading(
      '5.3.1',
      'refuses an ICCID already ordered with 8.2.1/3.3 (Profile ICCID – Already in Use)',
      'osmo-ttcn3-hacks smdpp ES2Plus_Tests expects 8.2.1/3.3 for a second DownloadOrder of an ICCID',
    ),
    run: async (context, r) => {
      const iccid = await setUpOrder(() => downloadOrder(context));
      expectCode(
        context,
        'downloadOrder',
        await es2(context, 'downloadOrder', { iccid }),
        'iccidNotAvailable',
        r,
      );
    },
  }),
  es2Case({
    id: 'DO-ERR-NO-PROFILE',
    title:
      'DownloadOrder with neither ICCID nor profile type is refused (reason 2.3 Conditional Element Missing)',
    section: '5.3.1',
    reading: es2Reading(
      '5.3.1, 6.5.1',
      'DownloadOrder is not executed without an ICCID or a profileType (each is conditional)',
    ),
    also: [inputReadings('downloadOrder', '5.3.1').conditional],
    run: async (context, r) =>
      expectInputRefused(
        context,
        'downloadOrder',
        await es2(context, 'downloadOrder', { profileType: undefined }),
        '2.3',
        { refused: r, codeReading: inputReadings('downloadOrder', '5.3.1').conditional },
      ),
  }),
  es2Case({
    id: 'CO-NOM-GENERATED-MATCHINGID',
    title: 'ConfirmOrder without a matchingId: the SM-DP+ makes one and gives its address',
    section: '5.3.2',
    reading: es2Reading(
      '5.3.2',
      'ConfirmOrder without a matchingId makes one and answers it with the SM-DP+ address',
    ),
    run: async (context, r) => {
      const iccid = await setUpOrder(() => downloadOrder(context));
      const answer = await es2(context, 'confirmOrder', { iccid, releaseFlag: true });
      expectSuccess('confirmOrder', answer, r);
      checkThat(
        'confirmOrder matchingId',
        /^[A-Za-z0-9-]+$/.test(String(answerField(answer, 'matchingId') ?? '')),
        'a matchingId',
        String(answerField(answer, 'matchingId')),
        r,
      );
      check('confirmOrder smdpAddress', context.target.address, answerField(answer, 'smdpAddress'), r);
    },
  }),
  es2Case({
    id: 'CO-NOM-GIVEN-MATCHINGID',
    title: "ConfirmOrder with the operator's matchingId keeps it, and the order downloads with it",
    section: '5.3.2',
    reading: es2Reading('5.3.2', "ConfirmOrder keeps the operator's matchingId; the order downloads with it"),
    run: async (context) => {
      const { matchingId: id } = await releasedOrder(context);
      await context.device().install(id);
    },
  }),
  es2Case({
    id: 'CO-ERR-MATCHINGID-CONFLICT',
    title: 'ConfirmOrder with a matchingId another order has is refused (8.2.6/3.3)',
    section: '5.3.2',
    reading: es2Reading(
      '5.3.2',
      'refuses a matchingId another order has with 8.2.6/3.3 (Matching ID – Already in Use)',
    ),
    run: async (context, r) => {
      const { first, iccid } = await setUpOrder(async () => ({
        first: await releasedOrder(context),
        iccid: await downloadOrder(context),
      }));
      expectCode(
        context,
        'confirmOrder',
        await es2(context, 'confirmOrder', { iccid, matchingId: first.matchingId, releaseFlag: true }),
        'matchingIdConflict',
        r,
      );
    },
  }),
  es2Case({
    id: 'CO-ERR-ICCID-UNKNOWN',
    title: 'ConfirmOrder of an unknown ICCID is refused (8.2.1/3.9)',
    section: '5.3.2',
    reading: es2Reading('5.3.2', 'refuses an unknown ICCID with 8.2.1/3.9 (Profile ICCID – Unknown)'),
    run: async (context, r) =>
      expectCode(
        context,
        'confirmOrder',
        await es2(context, 'confirmOrder', { iccid: unknownIccid(), releaseFlag: true }),
        'iccidUnknown',
        r,
      ),
  }),
  es2Case({
    id: 'CO-ERR-EID-DIFFERS',
    title: 'ConfirmOrder naming another EID than DownloadOrder did is refused (8.1.1/3.10)',
    section: '5.3.2',
    reading: es2Reading(
      '5.3.2',
      'refuses an EID other than the one DownloadOrder associated with 8.1.1/3.10 (EID – Invalid Association)',
    ),
    run: async (context, r) => {
      const iccid = await setUpOrder(() => downloadOrder(context, { eid: randomEid('89049032') }));
      expectCode(
        context,
        'confirmOrder',
        await es2(context, 'confirmOrder', { iccid, eid: randomEid('89049032'), releaseFlag: true }),
        'eidAlreadyBound',
        r,
      );
    },
  }),
  es2Case({
    id: 'CO-ERR-SMDS-NO-EID',
    title: 'ConfirmOrder with an smdsAddress but no EID is refused (8.1.1/2.2): an event is for an EID',
    section: '5.3.2',
    reading: es2Reading(
      '5.3.2',
      'refuses an smdsAddress without an EID with 8.1.1/2.2 (EID – Mandatory Element Missing)',
    ),
    run: async (context, r) => {
      const iccid = await setUpOrder(() => downloadOrder(context));
      expectCode(
        context,
        'confirmOrder',
        await es2(context, 'confirmOrder', { iccid, smdsAddress: 'localhost:1', releaseFlag: true }),
        'eidMissing',
        r,
      );
    },
  }),
  es2Case({
    id: 'CO-ERR-SMDS-ADDRESS',
    title: 'ConfirmOrder with an smdsAddress that is no FQDN[:port] is refused (8.9.1/3.8)',
    section: '5.3.2',
    reading: es2Reading(
      '5.3.2',
      'refuses an smdsAddress that is no FQDN[:port] with 8.9.1/3.8 (SM-DS Address – Refused)',
    ),
    run: async (context, r) => {
      const eid = randomEid('89049032');
      const iccid = await setUpOrder(() => downloadOrder(context, { eid }));
      expectCode(
        context,
        'confirmOrder',
        await es2(context, 'confirmOrder', {
          iccid,
          eid,
          smdsAddress: 'https://smds/path',
          releaseFlag: true,
        }),
        'smdsAddressInvalid',
        r,
      );
    },
  }),
  es2Case({
    id: 'CO-ERR-SMDS-UNAVAILABLE',
    title:
      'ConfirmOrder naming an SM-DS nobody answers at is refused (8.9/5.1) and the order can still be confirmed',
    section: '5.3.2, 5.9.1',
    reading: es2Reading(
      '5.3.2, 5.9.1',
      'refuses an SM-DS it cannot reach with 8.9/5.1 (SM-DS – Inaccessible) and leaves the order confirmable',
    ),
    run: async (context, r) => {
      const eid = randomEid('89049032');
      const iccid = await setUpOrder(() => downloadOrder(context, { eid }));
      expectCode(
        context,
        'confirmOrder',
        await es2(context, 'confirmOrder', { iccid, eid, smdsAddress: 'localhost:1', releaseFlag: true }),
        'smdsUnavailable',
        r,
      );
      expectSuccess('confirmOrder', await es2(context, 'confirmOrder', { iccid, eid, releaseFlag: true }), r);
    },
  }),
  es2Case({
    id: 'RP-NOM',
    title: 'ReleaseProfile of a confirmed order (releaseFlag false) makes it downloadable',
    section: '5.3.4',
    reading: es2Reading('5.3.4', 'ReleaseProfile of a confirmed, unreleased order makes it downloadable'),
    run: async (context, r) => {
      const id = matchingId();
      const iccid = await setUpOrder(async () => {
        const ordered = await downloadOrder(context);
        expectSuccess(
          'confirmOrder',
          await es2(context, 'confirmOrder', { iccid: ordered, matchingId: id, releaseFlag: false }),
          EXECUTED,
        );
        return ordered;
      });
      expectSuccess('releaseProfile', await es2(context, 'releaseProfile', { iccid }), r);
      await context.device().install(id);
    },
  }),
  es2Case({
    id: 'RP-ERR-NOT-CONFIRMED',
    title: 'ReleaseProfile of an order already released is refused (8.2.1/3.5)',
    section: '5.3.4',
    reading: es2Reading(
      '5.3.4',
      'refuses to release an order already released with 8.2.1/3.5 (Profile ICCID – Invalid transition)',
    ),
    run: async (context, r) => {
      const { iccid } = await setUpOrder(() => releasedOrder(context));
      expectCode(
        context,
        'releaseProfile',
        await es2(context, 'releaseProfile', { iccid }),
        'iccidRefused',
        r,
      );
    },
  }),
  es2Case({
    id: 'CAN-NOM',
    title: 'CancelOrder of a released order: its matchingId is refused afterwards (8.2.6/3.8)',
    section: '5.3.3, 5.6.3',
    reading: es2Reading(
      '5.3.3, 5.6.3',
      'after CancelOrder the matchingId is refused by authenticateClient with 8.2.6/3.8 (Matching ID – Refused)',
    ),
    run: async (context, r) => {
      const order = await setUpOrder(() => releasedOrder(context));
      expectSuccess(
        'cancelOrder',
        await es2(context, 'cancelOrder', {
          iccid: order.iccid,
          matchingId: order.matchingId,
          finalProfileStatusIndicator: 'Available',
        }),
        r,
      );
      const device = context.device();
      await precondition("initiateAuthentication and the eUICC's AuthenticateServer", async () => {
        await device.upToInitiated();
        await device.authenticateServer(order.matchingId);
      });
      expectCode(context, 'authenticateClient', await device.authenticateClient(), 'matchingIdRefused', r);
    },
  }),
  es2Case({
    id: 'CAN-AVAILABLE-REORDER',
    title: 'CancelOrder with finalProfileStatusIndicator Available: the ICCID can be ordered again',
    section: '5.3.3',
    reading: es2Reading(
      '5.3.3',
      'CancelOrder with Available puts the profile back: DownloadOrder of its ICCID succeeds',
    ),
    run: async (context, r) => {
      const order = await setUpOrder(() => releasedOrder(context));
      expectSuccess(
        'cancelOrder',
        await es2(context, 'cancelOrder', { iccid: order.iccid, finalProfileStatusIndicator: 'Available' }),
        r,
      );
      expectSuccess(
        'downloadOrder of the same ICCID',
        await es2(context, 'downloadOrder', { iccid: order.iccid }),
        r,
      );
    },
  }),
  es2Case({
    id: 'CAN-UNAVAILABLE-NO-REORDER',
    title:
      'CancelOrder with finalProfileStatusIndicator Unavailable: the ICCID cannot be ordered again (8.2.1/3.3)',
    section: '5.3.3',
    reading: es2Reading(
      '5.3.3',
      'CancelOrder with Unavailable takes the profile out: DownloadOrder of its ICCID is refused with 8.2.1/3.3',
    ),
    run: async (context, r) => {
      const order = await setUpOrder(() => releasedOrder(context));
      expectSuccess(
        'cancelOrder',
        await es2(context, 'cancelOrder', { iccid: order.iccid, finalProfileStatusIndicator: 'Unavailable' }),
        r,
      );
      expectCode(
        context,
        'downloadOrder of the same ICCID',
        await es2(context, 'downloadOrder', { iccid: order.iccid }),
        'iccidNotAvailable',
        r,
      );
    },
  }),
  es2Case({
    id: 'CAN-ERR-INSTALLED',
    title: 'CancelOrder of an installed profile is refused (8.2.1/3.3)',
    section: '5.3.3',
    reading: es2Reading('5.3.3', 'refuses to cancel the order of an installed profile with 8.2.1/3.3'),
    run: async (context, r) => {
      const order = await setUpOrder(() => releasedOrder(context));
      await installedBy(context, order.matchingId);
      expectCode(
        context,
        'cancelOrder',
        await es2(context, 'cancelOrder', { iccid: order.iccid, finalProfileStatusIndicator: 'Available' }),
        'iccidNotAvailable',
        r,
      );
    },
  }),
  es2Case({
    id: 'CAN-ERR-MATCHINGID',
    title:
      'CancelOrder naming another matchingId than the order has is refused (8.2.6/3.10 Invalid Association)',
    section: '5.3.3',
    reading: es2Reading(
      '5.3.3',
      'refuses a matchingId not of the order with 8.2.6/3.10 (Matching ID – Invalid Association)',
    ),
    run: async (context, r) => {
      const order = await setUpOrder(() => releasedOrder(context));
      const answer = await es2(context, 'cancelOrder', {
        iccid: order.iccid,
        matchingId: matchingId(),
        finalProfileStatusIndicator: 'Available',
      });
      expectCode(context, 'cancelOrder', answer, 'matchingIdNotOfOrder', r);
    },
  }),
  es2Case({
    id: 'CAN-ERR-EID',
    title: 'CancelOrder naming another EID than the order has is refused (8.1.1/3.10 Invalid Association)',
    section: '5.3.3',
    reading: es2Reading(
      '5.3.3',
      'refuses an EID not of the order with 8.1.1/3.10 (EID – Invalid Association)',
    ),
    run: async (context, r) => {
      const order = await setUpOrder(() => releasedOrder(context, randomEid('89049032')));
      const answer = await es2(context, 'cancelOrder', {
        iccid: order.iccid,
        eid: randomEid('89049032'),
        finalProfileStatusIndicator: 'Available',
      });
      expectCode(context, 'cancelOrder', answer, 'eidAlreadyBound', r);
    },
  }),
  es2Case({
    id: 'CAN-ERR-FINAL-STATUS',
    title:
      'CancelOrder with a finalProfileStatusIndicator other than Available/Unavailable is refused as invalid (reason 2.1, any subject)',
    section: '5.3.3',
    reading: inputReadings('cancelOrder', '5.3.3').refused,
    also: [inputReadings('cancelOrder', '5.3.3').invalid],
    run: async (context, r) => {
      const order = await setUpOrder(() => releasedOrder(context));
      expectInputRefused(
        context,
        'cancelOrder',
        await es2(context, 'cancelOrder', { iccid: order.iccid, finalProfileStatusIndicator: 'Gone' }),
        '2.1',
        { refused: r, codeReading: inputReadings('cancelOrder', '5.3.3').invalid },
      );
    },
  }),
  es2Case({
    id: 'STATE-INSTALLED',
    title:
      'after the download the profile is no longer available: DownloadOrder of its ICCID is refused (8.2.1/3.3)',
    section: '5.3.1, 5.6.4',
    reading: es2Reading(
      '5.3.1, 5.6.4',
      'an installed profile is no longer available: DownloadOrder of its ICCID is refused with 8.2.1/3.3',
    ),
    run: async (context, r) => {
      const order = await setUpOrder(() => releasedOrder(context));
      await installedBy(context, order.matchingId);
      expectCode(
        context,
        'downloadOrder',
        await es2(context, 'downloadOrder', { iccid: order.iccid }),
        'iccidNotAvailable',
        r,
      );
    },
  }),
  ...['downloadOrder', 'confirmOrder', 'cancelOrder', 'releaseProfile'].map((fn) =>
    es2Case({
      id: `INPUT-MISSING-HEADER-${fn.toUpperCase()}`,
      title: `${fn} without the request header is refused (reason 2.2, any subject)`,
      section: '6.5.1.3',
      reading: inputReadings(fn, '6.5.1.3').refused,
      also: [inputReadings(fn, '6.5.1.3').missing],
      run: async (context, r) => {
        const answer = await es2(
          context,
          fn,
          { iccid: unknownIccid(), finalProfileStatusIndicator: 'Available' },
          false,
        );
        expectInputRefused(context, fn, answer, '2.2', {
          refused: r,
          codeReading: inputReadings(fn, '6.5.1.3').missing,
        });
      },
    }),
  ),
];
