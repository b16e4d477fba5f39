/**
 * The eIM's operator API, compatible with onomondo-eim's REST API (reference §13) so that scripts written for
 * it work: facilities `download`, `psmo`, `eco`, `edr`, `euicc`, each with `POST /<f>/create` (a JSON
 * resource `{"eidValue", "order"}`, answered 303 See Other to `/<f>/lookup/<id>`), `GET /<f>/lookup/<id>`
 * (`{"status": new|work|done|absent, "timestamp", "resource", "outcome", "debuginfo"}`), `GET /<f>/delete/<id>`
 * (`{"status": "deleted"|"absent"}`), `GET /<f>/list` (`{"resourceIdList"}`), and `GET /` (the eIM's facts with
 * a ready `addInitialEimRequest`). A wrong order is 400 `{"error"}`, a bound reached 429. Who may call it is
 * the listener's business (create-server.ts: the admin token on ESipa's port; the optional plain-HTTP port).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { derToPem } from '../../pki/pem.ts';
import { jsonBodyOf } from '../../rsp-server/http/admin-json-bodies.ts';
import { FailureLog } from '../../rsp-server/http/failure-log.ts';
import { type EimOrder, type JsonValue, ORDER_FACILITIES, type OrderFacility } from '../eim-repository.ts';
import { createOrder, OrderRefused } from '../orders/create-order.ts';
import { OrderError } from '../orders/order-error.ts';
import { expireOrders } from '../orders/order-expiry.ts';
import type { EimContext } from '../server/context.ts';
import { addInitialEimRequestDer, eimConfigurationDataDer } from '../server/eim-configuration.ts';
import { answerStoreFailures } from './store-unavailable.ts';

export interface OperatorApiOptions {
  readonly eim: EimContext;
  /** ESipa's URL and TLS certificate (PEM), for the info page. */
  readonly esipaUrl: string;
  readonly esipaTlsCertPem: string;
}

const facilityOf = (value: string): OrderFacility | undefined =>
  (ORDER_FACILITIES as readonly string[]).includes(value) ? (value as OrderFacility) : undefined;

/**
 * The lookup answer of an order (onomondo-eim's: timestamp in whole seconds, as text). `debuginfo` is always
 * there, as onomondo-eim always sends it (empty while no ESipa message of the IPA is kept for the order): its
 * schema lists it with the others and strict clients (the osmo-ttcn3 `eim` suite) require it.
 */
export function lookupAnswer(order: EimOrder): Record<string, JsonValue> {
  return {
    status: order.status,
    timestamp: String(Math.floor(order.updatedAt / 1000)),
    resource: { eidValue: order.eid, order: order.order },
    outcome: order.outcome,
    debuginfo: order.debugInfo ?? '',
  };
}

/** The eIM's facts (onomondo-eim's info page, with ours). */
export function infoPage(options: OperatorApiOptions): Record<string, JsonValue> {
  const { eim } = options;
  return {
    eimId: eim.identity.eimId,
    eimFqdn: eim.config.address,
    esipaUrl: options.esipaUrl,
    esipaSslCert: options.esipaTlsCertPem,
    ...(eim.identity.certificate ? { eimCert: derToPem(eim.identity.certificate) } : {}),
    rootCiCerts: eim.trustedCis.map((ci) => derToPem(ci.der)),
    addInitialEimRequest: addInitialEimRequestDer(eim).toString('hex').toUpperCase(),
    eimConfigurationData: eimConfigurationDataDer(eim).toString('hex').toUpperCase(),
    counterValue: 0,
  };
}

/**
 * The operator API's routes in a scope of their own under `parent` (its body parsing and admin token), where a
 * store failure is answered 503 (store-unavailable.ts).
 */
export function registerOperatorRoutes(parent: FastifyInstance, options: OperatorApiOptions): void {
  parent.register(async (scope) => {
    answerStoreFailures(scope, new FailureLog(options.eim.now));
    operatorRoutes(scope, options);
  });
}

function operatorRoutes(scope: FastifyInstance, options: OperatorApiOptions): void {
  const { eim } = options;
  const withFacility = async (
    reply: FastifyReply,
    name: string,
    run: (facility: OrderFacility) => Promise<unknown>,
  ) => {
    const facility = facilityOf(name);
    if (!facility)
      return reply.code(404).send({ error: `no facility ${name} (${ORDER_FACILITIES.join(', ')})` });
    return run(facility);
  };
  /** The order with this id in this facility (onomondo-eim looks up within the facility). */
  const orderIn = async (facility: OrderFacility, id: string) => {
    await expireOrders(eim);
    const order = await eim.repository.order(id);
    return order?.facility === facility ? order : undefined;
  };

  scope.get('/', async () => infoPage(options));
  scope.post<{ Params: { facility: string } }>('/:facility/create', async (request, reply) =>
    withFacility(reply, request.params.facility, async (facility) => {
      try {
        const order = await createOrder(eim, facility, jsonBodyOf(request) as JsonValue);
        return (
          reply
            .code(303)
            .header('Location', `/${facility}/lookup/${order.id}`)
            // the lookup, with the id: a client that does not follow the redirect has it too
            .send({ resourceId: order.id, ...lookupAnswer(order) })
        );
      } catch (error) {
        if (error instanceof OrderError) return reply.code(400).send({ error: error.message });
        if (error instanceof OrderRefused) return reply.code(429).send({ error: error.message });
        throw error;
      }
    }),
  );
  scope.get<{ Params: { facility: string; id: string } }>('/:facility/lookup/:id', async (request, reply) =>
    withFacility(reply, request.params.facility, async (facility) => {
      const order = await orderIn(facility, request.params.id);
      return order ? lookupAnswer(order) : { status: 'absent' };
    }),
  );
  scope.get<{ Params: { facility: string; id: string } }>('/:facility/delete/:id', async (request, reply) =>
    withFacility(reply, request.params.facility, async (facility) => {
      const order = await orderIn(facility, request.params.id);
      return order && (await eim.repository.deleteOrder(order.id))
        ? { status: 'deleted' }
        : { status: 'absent' };
    }),
  );
  const list = async (facility: string, reply: FastifyReply) =>
    withFacility(reply, facility, async (known) => {
      await expireOrders(eim);
      return { resourceIdList: await eim.repository.orderIds(known) };
    });
  scope.get<{ Params: { facility: string } }>('/:facility/list', async (request, reply) =>
    list(request.params.facility, reply),
  );
  scope.get<{ Params: { facility: string } }>('/:facility/list/', async (request, reply) =>
    list(request.params.facility, reply),
  );
}
