import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StoreMetadataRequest } from '../../src/asn1/rsp/index.ts';
import { extensionsOf } from '../../src/asn1/schema.ts';
import { profileContent } from '../../src/saip/content.ts';
import { makeProfile } from '../../src/saip/make.ts';
import { decodeProfilePackage, elementType, encodeProfilePackage } from '../../src/saip/package.ts';
import { checkProfilePackage } from '../../src/saip/validate.ts';

/** Issue 5: every package we know decodes into named fields and re-encodes byte for byte. */
const ts48 = new URL('../../fixtures/upp/', import.meta.url);
const made = new URL('../../fixtures/profiles/made/', import.meta.url);
const packages = [
  ...readdirSync(ts48).map((name) => [name, new URL(name, ts48)] as const),
  ...readdirSync(made)
    .filter((name) => name.endsWith('.der') && !name.endsWith('.metadata.der'))
    .map((name) => [name, new URL(name, made)] as const),
];

/** Every unknown extension kept anywhere in a decoded value: none means every field was named. */
function keptExtensions(value: unknown): number {
  if (!value || typeof value !== 'object' || Buffer.isBuffer(value)) return 0;
  return extensionsOf(value).length + Object.values(value).reduce((n: number, v) => n + keptExtensions(v), 0);
}

describe.each(packages)('%s', (_name, url) => {
  const upp = readFileSync(url);

  it('decodes into named profile elements and re-encodes byte for byte', () => {
    const elements = decodeProfilePackage(upp);
    expect(encodeProfilePackage(elements)).toEqual(upp);
    expect(keptExtensions(elements)).toBe(0);
    expect(elementType(elements[0]!)).toBe('header');
    expect(elementType(elements.at(-1)!)).toBe('end');
  });

  it('is valid, and its ICCID, IMSI and AKA parameters are readable', () => {
    const { elements, problems } = checkProfilePackage(upp);
    expect(problems).toEqual([]);
    const content = profileContent(elements!);
    expect(content.efIccid).toBe(content.iccid);
    expect(content.imsis.length).toBeGreaterThan(0);
    expect(content.aka.length).toBeGreaterThan(0);
  });
});

it('reads the TS.48 generic test profile as the test specification gives it', () => {
  const content = profileContent(
    decodeProfilePackage(readFileSync(new URL('TS48V2-SAIP2-1-BERTLV-UNIQUE.der', ts48))),
  );
  expect(content).toMatchObject({
    iccid: '8949449999999990049',
    imsis: ['001010123456063'],
    profileType: 'GSMA Generic eUICC Test Profile',
  });
  expect(content.aka[0]).toEqual({
    algorithm: 'usim-test-algorithm',
    key: '000102030405060708090A0B0C0D0E0F',
    opc: '00000000000000000000000000000000',
    algorithmOptions: '02',
  });
});

describe.each(readdirSync(made).filter((name) => name.endsWith('.json')))('fixture %s', (name) => {
  it('is what its description makes, package and StoreMetadata byte for byte', () => {
    const base = name.replace(/\.json$/, '');
    const { upp, metadata } = makeProfile(JSON.parse(readFileSync(new URL(name, made), 'utf8')));
    expect(upp).toEqual(readFileSync(new URL(`${base}.der`, made)));
    expect(StoreMetadataRequest.encode(metadata)).toEqual(
      readFileSync(new URL(`${base}.metadata.der`, made)),
    );
  });
});
