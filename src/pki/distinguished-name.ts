import * as asn1js from 'asn1js';
import { RelativeDistinguishedNames } from 'pkijs';
import type { NameEntry } from './certificate-der.ts';
import { ATTRIBUTE_OIDS, type AttributeName } from './oids.ts';

/**
 * Distinguished names of SGP.22 certificates (SGP.22 4.5.2.1.0.x: issuer and subject). They are written the
 * way the SGP.26 certificates are: one attribute per RDN SET, countryName and serialNumber as
 * PrintableString (RFC 5280 requires it for both), everything else as UTF8String.
 */
export type NameAttribute = readonly [AttributeName, string];

const PRINTABLE_TYPES: ReadonlySet<AttributeName> = new Set(['C', 'serialNumber']);

/** The DER of a Name with the attributes in the given order. */
export function encodeName(attributes: readonly NameAttribute[]): Uint8Array {
  const rdns = attributes.map(
    ([type, value]) =>
      new asn1js.Set({
        value: [
          new asn1js.Sequence({
            value: [
              new asn1js.ObjectIdentifier({ value: ATTRIBUTE_OIDS[type] }),
              PRINTABLE_TYPES.has(type)
                ? new asn1js.PrintableString({ value })
                : new asn1js.Utf8String({ value }),
            ],
          }),
        ],
      }),
  );
  return new Uint8Array(new asn1js.Sequence({ value: rdns }).toBER());
}

/**
 * A pkijs Name that keeps the given DER as is. pkijs writes a freshly built name as one multi-valued RDN,
 * so names are always built from DER (ours from encodeName, an issuer's from its certificate).
 */
export function nameFromDer(der: Uint8Array): RelativeDistinguishedNames {
  return RelativeDistinguishedNames.fromBER(new Uint8Array(der));
}

const SHORT_NAMES = new Map<string, string>(
  Object.entries(ATTRIBUTE_OIDS).map(([name, oid]) => [oid, name] as [string, string]),
);

/** The string value of an attribute, or undefined when it is not a character string. */
function attributeText(value: unknown): string | undefined {
  const text = (value as { valueBlock?: { value?: unknown } })?.valueBlock?.value;
  return typeof text === 'string' ? text : undefined;
}

/**
 * "C=ES, O=RSP Test EUM, CN=EUM Test" from the attributes read with our DER layer (certificate-der.ts), in
 * the certificate's order (like OpenSSL): text, or `#` and the DER in hex.
 */
export function formatEntries(entries: readonly NameEntry[]): string {
  return entries
    .map(
      (entry) =>
        `${SHORT_NAMES.get(entry.type) ?? entry.type}=${entry.text ?? `#${entry.der.toString('hex')}`}`,
    )
    .join(', ');
}

/** The first value of an attribute type in a name. */
export function findAttribute(name: RelativeDistinguishedNames, type: AttributeName): string | undefined {
  const found = name.typesAndValues.find((tv) => tv.type === ATTRIBUTE_OIDS[type]);
  return found ? attributeText(found.value) : undefined;
}
