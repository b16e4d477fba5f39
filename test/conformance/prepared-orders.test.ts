import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PreparedOrders } from '../../src/conformance/orders.ts';
import { Inconclusive } from '../../src/conformance/verdict.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const ordersFile = (content: unknown) => {
  const file = join(tempDir('orders'), 'orders.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
};

describe('prepared orders file', () => {
  it('gives each order once, matched on EID and confirmation code, with only the fields of an order', async () => {
    const orders = await PreparedOrders.load(
      ordersFile({
        orders: [
          { matchingId: 'PLAIN-1', iccid: '8900000000000000001', note: 'kept out' },
          { matchingId: 'BOUND-1', eid: '89049032123451234512345678901235', confirmationCode: '1234' },
        ],
      }),
    );
    expect(await orders.take({ eid: '89049032123451234512345678901235', confirmationCode: true })).toEqual({
      matchingId: 'BOUND-1',
      eid: '89049032123451234512345678901235',
      confirmationCode: '1234',
    });
    expect(await orders.take()).toEqual({ matchingId: 'PLAIN-1', iccid: '8900000000000000001' });
    await expect(orders.take()).rejects.toThrow(Inconclusive);
  });

  it.each([
    ['not a list', { matchingId: 'A' }, 'must hold a JSON array of orders'],
    ['an entry that is no object', ['A-1'], 'order 1 needs a matchingId'],
    ['a matchingId with other characters', [{ matchingId: 'A_1' }], 'order 1 needs a matchingId'],
    [
      'an EID that is a number',
      [{ matchingId: 'A-1' }, { matchingId: 'B-1', eid: 89049 }],
      'order 2: eid must be text',
    ],
    [
      'a confirmation code that is null',
      [{ matchingId: 'A-1', confirmationCode: null }],
      'order 1: confirmationCode must be text',
    ],
  ])('refuses %s with one line naming the order', async (_name, content, message) => {
    await expect(PreparedOrders.load(ordersFile(content))).rejects.toThrow(message);
  });
});
