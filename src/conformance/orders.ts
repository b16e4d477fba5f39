/**
 * Where a campaign gets its test orders (a matchingId the SM-DP+ under test will serve a profile for):
 * made on the spot through the DUT's ES2+ (DownloadOrder + ConfirmOrder, SGP.22 5.3.1 / 5.3.2), or taken
 * from a small JSON file of orders an operator prepared, each used once.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { isObject } from '../client/function-call.ts';
import { readJsonFile } from '../config/json-file.ts';
import { TransportError } from '../errors/client-errors.ts';
import { itemAt } from '../errors/missing-entry.ts';
import { Es2Client } from '../operator/es2-client.ts';
import type { JsonPoster } from './exchange.ts';
import { Inconclusive } from './verdict.ts';

export interface OrderRequest {
  /** The order must be bound to this EID (ConfirmOrder eid, SGP.22 5.3.2). */
  readonly eid?: string;
  /** The order must need a confirmation code. */
  readonly confirmationCode?: boolean;
  /** ConfirmOrder releaseFlag (default true): false leaves the profile Confirmed, not yet Released. */
  readonly release?: boolean;
}

export interface TestOrder {
  readonly matchingId: string;
  readonly iccid?: string;
  readonly eid?: string;
  readonly confirmationCode?: string;
}

export interface OrderSource {
  readonly kind: 'es2' | 'file';
  /** A fresh order; Inconclusive when this source cannot make one of that kind. */
  take(request?: OrderRequest): Promise<TestOrder>;
}

/** The SM-DP+'s ES2+, called as the operator (bearer token or TLS client certificate). */
export class Es2Orders implements OrderSource {
  readonly kind = 'es2';
  readonly client: Es2Client;

  constructor(
    readonly poster: JsonPoster,
    readonly profileType: string,
  ) {
    this.client = new Es2Client(async (path, body, headers) => {
      const answer = await poster.post(path, body, headers);
      if (answer.transportError) throw new TransportError(`ES2+ ${path}: ${answer.transportError}`);
      return answer.body;
    });
  }

  async take(request: OrderRequest = {}): Promise<TestOrder> {
    const confirmationCode = request.confirmationCode ? String(randomInt(10_000, 100_000_000)) : undefined;
    let placed: Awaited<ReturnType<Es2Client['placeOrder']>>;
    try {
      placed = await this.client.placeOrder({
        profileType: this.profileType,
        ...(request.eid ? { eid: request.eid } : {}),
        // With an EID the matchingId is optional (SGP.22 5.3.2); the cases download by activation code.
        ...(request.eid ? { matchingId: `CONF-${randomBytes(8).toString('hex').toUpperCase()}` } : {}),
        ...(confirmationCode ? { confirmationCode } : {}),
        releaseFlag: request.release ?? true,
      });
    } catch (error) {
      throw new Inconclusive(`no test order through ES2+: ${(error as Error).message}`);
    }
    if (!placed.matchingId) throw new Inconclusive('ES2+ ConfirmOrder gave no matchingId');
    return {
      matchingId: placed.matchingId,
      iccid: placed.iccid,
      ...(request.eid ? { eid: request.eid } : {}),
      ...(confirmationCode ? { confirmationCode } : {}),
    };
  }
}

/** Prepared orders: `[{"matchingId": "...", "eid"?: "...", "confirmationCode"?: "..."}]` (or `{"orders": [...]}`). */
export class PreparedOrders implements OrderSource {
  readonly kind = 'file';
  readonly #left: TestOrder[];

  constructor(orders: readonly TestOrder[]) {
    this.#left = [...orders];
  }

  static async load(file: string): Promise<PreparedOrders> {
    const parsed = await readJsonFile(file, 'the orders file');
    const list: unknown = Array.isArray(parsed) ? parsed : (parsed as { orders?: unknown } | null)?.orders;
    if (!Array.isArray(list))
      throw new Error(`${file} must hold a JSON array of orders (or {"orders": [...]})`);
    return new PreparedOrders(
      list.map((entry: unknown, i): TestOrder => {
        const matchingId = isObject(entry) ? entry.matchingId : undefined;
        if (!isObject(entry) || typeof matchingId !== 'string' || !/^[A-Za-z0-9-]+$/.test(matchingId))
          throw new Error(`${file}: order ${i + 1} needs a matchingId (letters, digits, "-")`);
        const text = (field: 'eid' | 'confirmationCode' | 'iccid') => {
          const value = entry[field];
          if (value !== undefined && typeof value !== 'string')
            throw new Error(`${file}: order ${i + 1}: ${field} must be text`);
          return value === undefined ? {} : { [field]: value };
        };
        return { matchingId, ...text('eid'), ...text('confirmationCode'), ...text('iccid') };
      }),
    );
  }

  async take(request: OrderRequest = {}): Promise<TestOrder> {
    if (request.release === false) throw new Inconclusive('a prepared order cannot be left unreleased');
    const index = this.#left.findIndex(
      (o) =>
        o.eid === request.eid && (o.confirmationCode !== undefined) === (request.confirmationCode === true),
    );
    if (index < 0) {
      const kind = [
        request.eid ? `for EID ${request.eid}` : 'without EID',
        request.confirmationCode ? 'with a confirmation code' : 'without confirmation code',
      ];
      throw new Inconclusive(`no prepared order left ${kind.join(', ')}`);
    }
    return itemAt(this.#left.splice(index, 1), 0, 'prepared orders');
  }
}
