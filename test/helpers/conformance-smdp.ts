import { readFileSync } from 'node:fs';
import { targetFrom } from '../../src/cli/conformance-smdp-command.ts';
import type { SmdpTarget } from '../../src/conformance/target.ts';
import { profileRecordFrom } from '../../src/smdp/profile-catalogue.ts';
import type { RunningSmdp, StartOptions } from '../../src/smdp/start.ts';
import { MemoryProfileRepository } from '../../src/store/memory/memory-profile-repository.ts';
import { startTestSmdp } from './smdp-harness.ts';
import { uppWithIccid } from './unique-upp.ts';

const upp = readFileSync(new URL('../../fixtures/upp/TS48V2-SAIP2-1-BERTLV-UNIQUE.der', import.meta.url));

/** rspsim's SM-DP+ with `inventory` CONFORMANCE profiles for ES2+ DownloadOrder, and the runner's target of it. */
export async function startConformanceSmdp(
  inventory: number,
  options: StartOptions = {},
  firstIccid = 100,
): Promise<{ smdp: RunningSmdp; target: SmdpTarget; close(): Promise<void> }> {
  const profiles = new MemoryProfileRepository();
  const smdp = await startTestSmdp({}, { profiles, ...options });
  for (let i = 0; i < inventory; i++) {
    const own = uppWithIccid(upp, firstIccid + i);
    const record = profileRecordFrom({ profileType: 'CONFORMANCE', upp: '' }, own, smdp.address, {
      ccMaxAttempts: 3,
    });
    await profiles.add(record, own);
  }
  const target = await targetFrom({
    target: `https://${smdp.address}`,
    euicc: 'generated',
    curves: 'P-256,brainpoolP256r1',
    es2: smdp.url,
    es2Token: smdp.adminToken,
    profileType: 'CONFORMANCE',
  });
  return {
    smdp,
    target,
    close: async () => {
      target.es2?.poster.close();
      await smdp.close();
    },
  };
}
