/**
 * The lab an LPA under test works against: our SM-DP+ on this machine with the scenario catalogue loaded,
 * a fresh order for each run, the CI certificate written where a DUT command can read it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { loadScenarios } from '../../rsp-server/scenarios/load-scenarios.ts';
import type { Scenario } from '../../rsp-server/scenarios/scenario.ts';
import { uppWithIccid } from '../../saip/upp-with-iccid.ts';
import { resolveConfig } from '../../smdp/config.ts';
import { profileRecordFrom } from '../../smdp/profile-catalogue.ts';
import type { ProfileRepository } from '../../smdp/profile-repository.ts';
import { type RunningSmdp, startSmdp } from '../../smdp/start.ts';

const SCENARIO_CATALOGUE = fileURLToPath(new URL('../../../fixtures/scenarios/catalogue', import.meta.url));
const UPP = new URL('../../../fixtures/upp/TS48V2-SAIP2-1-BERTLV-UNIQUE.der', import.meta.url);

/** The confirmation code of the nominal order that needs one. */
export const LAB_CONFIRMATION_CODE = '4711';

export interface LpaLab {
  readonly smdp: RunningSmdp;
  readonly scenarios: readonly Scenario[];
  /** PEM file of the CI the SM-DP+'s TLS certificate chains to. */
  readonly caFile: string;
  /** Scratch folder of the campaign (eUICC files), removed by close(). */
  readonly dir: string;
  /** A fresh order (with the lab's confirmation code, or with profile protection keys): its matchingId. */
  order(options?: { confirmationCode?: boolean; ppk?: boolean }): Promise<string>;
  close(): Promise<void>;
}

export interface LpaLabOptions {
  /**
   * Where the lab files its orders: an empty store of the caller's (the CLI gives an in-memory one). It
   * replaces the SM-DP+'s catalogue, so the DUT sees only the lab's orders.
   */
  readonly profiles: ProfileRepository;
  /** Where the SM-DP+ listens (default 127.0.0.1, any free port). */
  readonly host?: string;
  readonly port?: number;
  /**
   * The name or IP address (optionally :port) a phone reaches the SM-DP+ at: activation codes carry it and
   * the TLS certificate names it (SGP.22 4.1, 2.6.6). Without a port, the port the SM-DP+ listens on.
   */
  readonly address?: string;
}

export async function startLpaLab(options: LpaLabOptions): Promise<LpaLab> {
  const scenarios = await loadScenarios(SCENARIO_CATALOGUE);
  const port = options.port ?? 0;
  // Port 0: startSmdp puts the free port it found in place of ":0".
  const address =
    options.address === undefined || /:\d+$/.test(options.address)
      ? options.address
      : `${options.address}:${port}`;
  const upp = readFileSync(UPP);
  const { profiles } = options;
  const smdp = await startSmdp(
    resolveConfig({
      flags: {
        port,
        host: options.host ?? '127.0.0.1',
        ...(address ? { address } : {}),
        logLevel: 'silent',
        store: 'memory',
        scenarios: SCENARIO_CATALOGUE,
      },
    }),
    { logger: pino({ level: 'silent' }), profiles },
  );
  let next = 100;
  const add = async (matchingId: string, extra: { confirmationCode?: string; ppk: boolean }) => {
    const own = uppWithIccid(upp, next++);
    const record = profileRecordFrom(
      {
        matchingId,
        upp: '',
        ...(extra.confirmationCode ? { confirmationCode: extra.confirmationCode } : {}),
      },
      own,
      smdp.address,
      { ccMaxAttempts: 3 },
    );
    // Group [2] of a BPP exists only for a profile with protection keys (ReplaceSessionKeys).
    const ppk = extra.ppk
      ? { ppkEnc: randomBytes(16), ppkCmac: randomBytes(16), initialMacChainingValue: randomBytes(16) }
      : undefined;
    await profiles.add(ppk ? { ...record, ppk } : record, own);
  };
  const dir = mkdtempSync(join(tmpdir(), 'rspsim-conformance-lpa-'));
  const caFile = join(dir, 'ci.pem');
  writeFileSync(caFile, smdp.caPem);
  return {
    smdp,
    scenarios,
    caFile,
    dir,
    order: async (o = {}) => {
      const matchingId = `LPA-${randomBytes(6).toString('hex').toUpperCase()}`;
      await add(matchingId, {
        ...(o.confirmationCode ? { confirmationCode: LAB_CONFIRMATION_CODE } : {}),
        ppk: o.ppk === true,
      });
      return matchingId;
    },
    close: async () => {
      await smdp.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
