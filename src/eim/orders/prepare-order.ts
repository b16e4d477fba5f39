/**
 * What a GetEimPackage hands out for an order taken from the queue (SGP.32 3.3.1 step 1, 2.11.1): a `psmo` or
 * `eco` order becomes one EuiccPackageRequest signed with the eIM's key over DER(EuiccPackageSigned) ‖ the
 * eUICC's association token, with the eUICC's next counterValue (stored before the package leaves) and a fresh
 * 16-byte eimTransactionId; an `edr` order an IpaEuiccDataRequest, a `download` order a
 * ProfileDownloadTriggerRequest, each with its own eimTransactionId. What was sent (`sent`) is kept on the
 * order to check the answer against. A test-lab scenario armed for the EID (src/eim/scenarios/) spoils what is
 * handed out: a wrong signature or a stale counter (signed packages only), a malformed or unknown package.
 */
import { GetEimPackageResponse } from '../../asn1/sgp32/index.ts';
import { randomBytes } from '../../crypto/random.ts';
import { activationCodeOf, parseDownloadOrder } from '../download/download-order.ts';
import { downloadTrigger } from '../download/trigger.ts';
import type { EimOrder, JsonValue } from '../eim-repository.ts';
import { signEuiccPackage } from '../euicc-package.ts';
import { type EimScenarioName, STALE_COUNTER_VALUE, wrongSignature } from '../scenarios/eim-scenarios.ts';
import {
  activationCodeWithoutToken,
  malformedSignedPart,
  truncatedPackage,
  unknownPackage,
} from '../scenarios/malformed-package.ts';
import type { EimContext } from '../server/context.ts';
import { ecosOf } from './eco-order.ts';
import { dataRequestOf } from './edr-order.ts';
import { OrderError } from './order-error.ts';
import { objectAt } from './order-fields.ts';
import { psmosOf } from './psmo-order.ts';

/** What the eIM kept of a signed package: the values its result must echo and be verified with. */
export interface SentPackage {
  readonly counterValue: number;
  /** The token the package was signed with (null: none appended). */
  readonly associationToken: number | null;
}

export interface PreparedOrder {
  /** GetEimPackageResponse's alternative (the IPA gets `BF4F …` around it). */
  readonly response: GetEimPackageResponse;
  /**
   * A scenario's malformed answer in place of `response`: the DER of the whole GetEimPackageResponse, which is
   * no value of the type and goes out as it is.
   */
  readonly spoilt?: Buffer;
  readonly eimTransactionId: Buffer;
  readonly sent: JsonValue;
}

async function signedPackage(
  eim: EimContext,
  order: EimOrder,
  scenario: EimScenarioName | undefined,
): Promise<PreparedOrder> {
  const euiccPackage =
    order.facility === 'psmo' ? { psmoList: psmosOf(order.order) } : { ecoList: ecosOf(order.order) };
  const euicc = await eim.repository.euicc(order.eid);
  const next = await eim.repository.nextCounterValue(order.eid, eim.now());
  if (!euicc || next === undefined) throw new OrderError(`no eUICC record for ${order.eid}`);
  const counterValue = scenario === 'eim-stale-counter' ? STALE_COUNTER_VALUE : next;
  const target = {
    eimId: eim.identity.eimId,
    eid: order.eid,
    counterValue,
    ...(euicc.associationToken !== undefined ? { associationToken: euicc.associationToken } : {}),
  };
  const signed = signEuiccPackage(target, euiccPackage, eim.identity.privateKey);
  const sent: SentPackage = { counterValue, associationToken: euicc.associationToken ?? null };
  const { euiccPackageSigned, eimSignature } = signed.request;
  return {
    response: {
      euiccPackageRequest:
        scenario === 'eim-wrong-signature'
          ? { euiccPackageSigned, eimSignature: wrongSignature(eimSignature) }
          : signed.request,
    },
    ...(scenario === 'eim-malformed-signed-part'
      ? { spoilt: malformedSignedPart(signed, target.associationToken, eim.identity.privateKey) }
      : {}),
    eimTransactionId: signed.eimTransactionId,
    sent: { ...sent },
  };
}

export async function prepareOrder(eim: EimContext, order: EimOrder): Promise<PreparedOrder> {
  const scenario = eim.scenarios?.take(order.eid, order.facility);
  if (scenario) eim.log.info({ eid: order.eid, order: order.id, scenario }, 'eIM scenario applied');
  const prepared = await preparedAsUsual(eim, order, scenario);
  switch (scenario) {
    case 'eim-malformed-package':
      return {
        ...prepared,
        spoilt: truncatedPackage(GetEimPackageResponse.encode(prepared.response)),
      };
    case 'eim-unknown-package':
      return { ...prepared, spoilt: unknownPackage() };
    case 'eim-malformed-activation-code':
      return { ...prepared, response: activationCodeWithoutToken(prepared.response) };
    default:
      return prepared;
  }
}

async function preparedAsUsual(
  eim: EimContext,
  order: EimOrder,
  scenario: EimScenarioName | undefined,
): Promise<PreparedOrder> {
  switch (order.facility) {
    case 'psmo':
    case 'eco':
      return signedPackage(eim, order, scenario);
    case 'edr': {
      const eimTransactionId = randomBytes(16);
      return {
        response: { ipaEuiccDataRequest: { ...dataRequestOf(order.order), eimTransactionId } },
        eimTransactionId,
        sent: {},
      };
    }
    case 'download': {
      // the trigger as src/eim/download/ makes it (BF54 with a fresh eimTransactionId)
      const download = parseDownloadOrder(objectAt(order.order, 'order').download);
      const trigger = downloadTrigger(download);
      // its SM-DP+ will send this eUICC's notifications: the eIM may forward them there
      const smdpAddress = activationCodeOf(download)?.smdpAddress;
      if (smdpAddress) eim.download?.receivers.learn(smdpAddress);
      return {
        response: GetEimPackageResponse.decode(trigger.der),
        eimTransactionId: trigger.eimTransactionId,
        sent: {},
      };
    }
    case 'euicc':
      throw new OrderError('a euicc order is applied at once, never sent');
  }
}
