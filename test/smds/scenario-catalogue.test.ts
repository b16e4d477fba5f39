import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMDS_STATUS_CODES, StatusCodes } from '../../src/errors/status-codes.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { DiscoveryError, discoverEvents } from '../../src/lpa/discovery.ts';
import { Es9Error, Es9TransportError } from '../../src/lpa/es9-client.ts';
import type { Scenario } from '../../src/smdp/scenarios/scenario.ts';
import type { RunningSmds } from '../../src/smds/start.ts';
import { httpsJson } from '../helpers/https-json.ts';
import { smdpEs12Client, startTestSmds } from '../helpers/smds-harness.ts';

const CATALOGUE = new URL('../../fixtures/scenarios/smds/catalogue.json', import.meta.url);
const entries: Scenario[] = JSON.parse(readFileSync(CATALOGUE, 'utf8'));

/** Every SM-DS scenario of the catalogue, run with the built-in LPA and the emulator (SGP.22 5.8). */
describe('the SM-DS scenario catalogue', () => {
  let smds: RunningSmds;
  let euicc: EuiccEmulator;

  beforeAll(async () => {
    smds = await startTestSmds({ scenarios: CATALOGUE.pathname });
    euicc = await EuiccEmulator.create({ rootSmdsAddress: smds.address });
    await smdpEs12Client().call(smds.address, 'registerEvent', {
      eid: euicc.eid,
      eventId: 'CATALOGUE',
      rspServerAddress: 'localhost:1',
    });
  });
  afterAll(async () => {
    await smds?.close();
  });

  const discover = () => discoverEvents({ euicc, es9: { timeoutMs: 1_500 } });

  it.each(entries.map((e) => [e.name, e] as const))(
    '%s: the LPA observes what the entry says',
    async (name, entry) => {
      // Enabled through the admin API, as a lab does (`rspsim scenario enable`).
      const enabled = await httpsJson(`${smds.url}/admin/scenarios/${name}/enable`, {
        ca: smds.caPem,
        method: 'POST',
        token: smds.adminToken,
      });
      expect(enabled.status).toBe(200);
      const failure = await discover().then(
        () => undefined,
        (error: unknown) => error,
      );
      const { action } = entry;
      if (action.type === 'error') {
        expect(failure).toBeInstanceOf(Es9Error);
        const { subjectCode, reasonCode } = StatusCodes[action.code];
        expect(failure).toMatchObject({ functionName: entry.function, subjectCode, reasonCode });
        expect(entry.description).toContain(`${subjectCode}/${reasonCode}`);
      } else if (action.type === 'corrupt') {
        expect(failure).toBeInstanceOf(DiscoveryError);
        expect(String(failure)).toMatch(/refused the SM-DS/);
      } else if (action.type === 'malformed' && action.body === 'missingField') {
        expect(failure).toBeInstanceOf(DiscoveryError);
        expect(String(failure)).toMatch(/eventEntries missing/);
      } else {
        expect(failure).toBeInstanceOf(Es9TransportError);
      }
      // Used up (times: 1): the next discovery finds the event again.
      expect((await discover()).map((e) => e.eventId)).toEqual(['CATALOGUE']);
    },
  );

  it('covers every ES11 code of the SM-DS beside the input errors', () => {
    const used = new Set(entries.flatMap((e) => (e.action.type === 'error' ? [e.action.code] : [])));
    const input = new Set([
      'missingInput',
      'invalidInput',
      'badInput',
      'unsupportedProtocolVersion',
      'unknownFunction',
    ]);
    const es11 = [...SMDS_STATUS_CODES.initiateAuthentication!, ...SMDS_STATUS_CODES.authenticateClient!];
    expect(es11.filter((code) => !input.has(code) && !used.has(code))).toEqual([]);
  });
});
