/**
 * `conformance smdp --self`: a campaign against rspsim's own SM-DP+, with nothing to prepare. The SM-DP+ is
 * started in this process on a free loopback port, with the bundled SGP.26 test PKI and an in-memory store
 * (nothing is written to disk), and stocked with inventory of one profile type, so that every order the
 * campaign places through ES2+ (DownloadOrder by profile type, then ConfirmOrder, SGP.22 5.3.1 / 5.3.2)
 * finds a profile. Closing it stops the server and forgets everything.
 */
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { uppWithIccid } from '../saip/upp-with-iccid.ts';
import { resolveConfig } from '../smdp/config.ts';
import { profileRecordFrom } from '../smdp/profile-catalogue.ts';
import type { ProfileRepository } from '../smdp/profile-repository.ts';
import { type RunningSmdp, startSmdp } from '../smdp/start.ts';

const UPP = new URL('../../fixtures/upp/TS48V2-SAIP2-1-BERTLV-UNIQUE.der', import.meta.url);

/** The profile type the inventory is filed under (what `--profile-type` asks ES2+ DownloadOrder for). */
export const SELF_PROFILE_TYPE = 'CONFORMANCE';

/**
 * Profiles one case takes at most (DownloadOrders it places). Measured on the whole catalogue (154 cases,
 * 2026-12-07): 135 DownloadOrders, at most 2 in one case.
 */
const PROFILES_PER_CASE = 2;
/** uppWithIccid makes distinct ICCIDs for n below 10,000. */
const MAX_INVENTORY = 9_900;

export interface SelfSmdp {
  readonly smdp: RunningSmdp;
  close(): Promise<void>;
}

/**
 * Our SM-DP+ on 127.0.0.1 (any free port), its inventory stocked for `cases` cases in `profiles`: an empty
 * store of the caller's (the CLI gives an in-memory one), which replaces the SM-DP+'s catalogue.
 */
export async function startSelfSmdp(cases: number, profiles: ProfileRepository): Promise<SelfSmdp> {
  const smdp = await startSmdp(
    resolveConfig({ flags: { port: 0, host: '127.0.0.1', logLevel: 'silent', store: 'memory' } }),
    { logger: pino({ level: 'silent' }), profiles },
  );
  try {
    const upp = readFileSync(UPP);
    const count = Math.min(MAX_INVENTORY, Math.max(1, cases) * PROFILES_PER_CASE);
    for (let n = 100; n < 100 + count; n++) {
      const own = uppWithIccid(upp, n);
      const record = profileRecordFrom({ profileType: SELF_PROFILE_TYPE, upp: '' }, own, smdp.address, {
        ccMaxAttempts: smdp.context.config.confirmationCodeMaxAttempts,
      });
      await profiles.add(record, own);
    }
  } catch (error) {
    await smdp.close();
    throw error;
  }
  return { smdp, close: () => smdp.close() };
}
