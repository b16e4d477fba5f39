import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { StoreMetadataRequest } from '../../src/asn1/rsp/index.ts';
import { iccidFromDigits, iccidToDigits } from '../../src/profile/iccid.ts';
import { loadCatalogue } from '../../src/smdp/profile-catalogue.ts';
import { MemoryProfileRepository } from '../../src/store/memory/memory-profile-repository.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const catalogue = fileURLToPath(new URL('../../fixtures/profiles/catalogue.json', import.meta.url));

describe('profile catalogue', () => {
  it('loads the demo profiles with their ICCID taken from the profile header', async () => {
    const repository = await loadCatalogue(
      catalogue,
      'localhost:8443',
      { ccMaxAttempts: 3 },
      new MemoryProfileRepository(),
    );
    const demo = await repository.findByMatchingId('DEMO');
    expect(demo).toMatchObject({ id: 'demo', state: 'released', reusable: true });
    // TS.48 V2 header: ICCID 8949449999999990049 (plain BCD in SAIP, swapped in StoreMetadata).
    expect(demo!.iccid).toBe('8949449999999990049');
    expect(demo!.metadata.iccid).toEqual(Buffer.from('989444999999990940f9', 'hex'));
    expect(iccidFromDigits('8949449999999990049')).toEqual(demo!.metadata.iccid);
    expect(iccidToDigits(demo!.metadata.iccid)).toBe('8949449999999990049');
    expect(StoreMetadataRequest.decode(StoreMetadataRequest.encode(demo!.metadata))).toEqual(demo!.metadata);
    const withCode = await repository.findByMatchingId('DEMO-CC');
    expect(withCode!.confirmationCodeHash).toHaveLength(32);
    expect(withCode!.confirmationCodeHash).toEqual(createHash('sha256').update('1234').digest());
    expect(Object.values(withCode!)).not.toContain('1234');
    expect(
      (await repository.loadPackage('demo')).equals(
        readFileSync(new URL('../../fixtures/upp/TS48V2-SAIP2-1-BERTLV-UNIQUE.der', import.meta.url)),
      ),
    ).toBe(true);
  });

  it('lets exactly one of two racing claims win', async () => {
    const repository = await loadCatalogue(
      catalogue,
      'localhost:8443',
      { ccMaxAttempts: 3 },
      new MemoryProfileRepository(),
    );
    const [a, b] = await Promise.all([
      repository.transition('demo', ['released'], 'downloaded'),
      repository.transition('demo', ['released'], 'downloaded'),
    ]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
  });

  it('refuses an order state that contradicts the entry, and order limits out of bounds', async () => {
    const dir = tempDir('catalogue');
    const upp = fileURLToPath(
      new URL('../../fixtures/upp/TS48V2-SAIP2-1-BERTLV-UNIQUE.der', import.meta.url),
    );
    let files = 0;
    const load = (entry: object) => {
      const file = join(dir, `c${++files}.json`);
      writeFileSync(file, JSON.stringify({ profiles: [{ id: 'p', upp, ...entry }] }));
      return loadCatalogue(file, 'x', { ccMaxAttempts: 3 }, new MemoryProfileRepository());
    };
    await expect(load({ state: 'linked', matchingId: 'L' })).rejects.toThrow(/a linked order names an EID/);
    await expect(load({ state: 'available', matchingId: 'A' })).rejects.toThrow(/available profile has no/);
    await expect(load({ state: 'installed', matchingId: 'I' })).rejects.toThrow(/state must be one of/);
    await expect(load({ matchingId: 'T', maxDownloadAttempts: 0 })).rejects.toThrow(/maxDownloadAttempts/);
    const held = await load({ state: 'confirmed', matchingId: 'HELD', tacAllow: ['3529'] });
    expect(await held.findByMatchingId('HELD')).toMatchObject({
      state: 'confirmed',
      orderLimits: { tacAllow: ['3529'] },
    });
  });

  it('reports a broken catalogue clearly', async () => {
    await expect(
      loadCatalogue('/nonexistent.json', 'x', { ccMaxAttempts: 3 }, new MemoryProfileRepository()),
    ).rejects.toThrow(/cannot read profile catalogue/);
  });
});
