import { describe, expect, it } from 'vitest';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { generateHierarchy } from '../../src/pki/generate-hierarchy.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/** A hierarchy of the user's own (own CI, EUM, DPauth/DPpb/DPtls) works like the SGP.26 one, on either curve. */
describe.each(['P-256', 'brainpoolP256r1'] as const)('own PKI on %s', (curve) => {
  it('serves a download to an eUICC issued by its EUM, and refuses one of the SGP.26 EUM', async () => {
    const dir = tempDir('pki');
    generateHierarchy({ curve, outDir: dir, eumEidPrefix: '8904903299' });
    const smdp = await startTestSmdp({ pkiDir: dir });
    try {
      const euicc = await EuiccEmulator.create({ curve, pkiDir: dir });
      expect(euicc.eid.startsWith('8904903299')).toBe(true);
      const result = await downloadProfile({
        activationCode: `LPA:1$${smdp.address}$DEMO`,
        euicc,
        es9: { ca: smdp.caPem },
      });
      expect(result.success).toBe(true);
      // An eUICC of the SGP.26 test EUM does not chain to this CI: no common CI, refused at once.
      const stranger = await EuiccEmulator.create({ curve });
      await expect(
        downloadProfile({
          activationCode: `LPA:1$${smdp.address}$DEMO`,
          euicc: stranger,
          es9: { ca: smdp.caPem },
        }),
      ).rejects.toMatchObject({ subjectCode: '8.8.2', reasonCode: '3.1' });
    } finally {
      await smdp.close();
    }
  });
});
