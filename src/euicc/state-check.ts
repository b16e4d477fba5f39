/**
 * The whole eUICC state file checked when it is read, so that a damaged or hand-edited file fails at once
 * with the field that is wrong (`profiles[0].metadata is not a StoreMetadataRequest ...`) instead of deep
 * inside an ES10 function (SW 6F00, "profiles.map is not a function", an OpenSSL decoder error). Unknown
 * fields are left alone.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { NotificationEvents, PendingNotification, StoreMetadataRequest } from '../asn1/rsp/index.ts';
import { EuiccPackageResult, eimConfigurationData } from '../asn1/sgp32/index.ts';
import { CURVES, curveOfKey, isCurve } from '../crypto/curve.ts';
import { parseCertificate } from '../pki/certificate.ts';
import { PkiConfigurationError } from '../pki/errors.ts';
import { toTrustedCi } from '../pki/trusted-ci.ts';
import type { EuiccState } from './euicc-state.ts';

/** A field of the state that is not what the eUICC needs: its path and what is wrong. */
export class StateFieldError extends Error {
  override readonly name = 'StateFieldError';
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${path} ${problem}`);
  }
}

type Fields = Record<string, unknown>;

const fail = (path: string, problem: string): never => {
  throw new StateFieldError(path, problem);
};

/** What the file holds, short, for a message. */
const shown = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

function object(value: unknown, path: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'must be an object');
  return value as Fields;
}

function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, `must be a list, not ${shown(value)}`);
  return value as unknown[];
}

function text(value: unknown, path: string, pattern?: RegExp, what = 'text'): string {
  if (typeof value !== 'string' || (pattern && !pattern.test(value)))
    fail(path, `must be ${what}, not ${shown(value)}`);
  return value as string;
}

function optionalText(fields: Fields, name: string, path: string, pattern?: RegExp, what?: string): void {
  if (fields[name] !== undefined) text(fields[name], path, pattern, what);
}

function integer(value: unknown, path: string, min: number, max: number): number {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max)
    fail(path, `must be a whole number from ${min} to ${max}, not ${shown(value)}`);
  return value as number;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Base64 DER of a type: decoded here, so that a damaged one is named now rather than failing an APDU. */
function der(value: unknown, path: string, what: string, decode: (der: Buffer) => unknown): void {
  const bytes = Buffer.from(text(value, path, BASE64, `base64 (DER of ${what})`), 'base64');
  if (bytes.length === 0) fail(path, `must be base64 (DER of ${what}), not empty`);
  try {
    decode(bytes);
  } catch {
    fail(path, `is not ${what} (base64 DER)`);
  }
}

const HEX = (bytes: string) => new RegExp(`^(?:[0-9A-Fa-f]{2})${bytes}$`);

function privateKey(pem: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch {
    return fail('privateKeyPem', 'is not a readable PEM private key');
  }
}

function checkIdentity(state: Fields): void {
  if (state.version !== 1) fail('version', `must be 1, not ${shown(state.version)}`);
  const eid = text(state.eid, 'eid', /^\d{32}$/, '32 digits');
  if (!isCurve(state.curve)) fail('curve', `must be ${CURVES.join(' or ')}, not ${shown(state.curve)}`);
  const pem = text(state.privateKeyPem, 'privateKeyPem', /-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a PEM key');
  const key = privateKey(pem);
  if (curveOfKey(key) !== state.curve) fail('privateKeyPem', `is not a ${String(state.curve)} EC key`);
  der(state.eumCertificate, 'eumCertificate', 'an X.509 certificate', parseCertificate);
  der(state.euiccCertificate, 'euiccCertificate', 'an X.509 certificate', parseCertificate);
  const certificate = parseCertificate(Buffer.from(state.euiccCertificate as string, 'base64'));
  if (certificate.subjectSerialNumber !== eid)
    fail('euiccCertificate', `is the certificate of EID ${certificate.subjectSerialNumber}, not of ${eid}`);
  const publicKey = createPublicKey(key).export({ type: 'spki', format: 'der' });
  if (!publicKey.equals(certificate.subjectPublicKeyInfo))
    fail('privateKeyPem', 'is not the key of euiccCertificate');
}

/** At most this many trusted CIs (a real eUICC lists a few; the bound keeps a hand-edited file small). */
export const MAX_TRUSTED_CIS = 16;

function checkTrustedCis(state: Fields): void {
  if (state.trustedCis === undefined) return;
  const cis = list(state.trustedCis, 'trustedCis');
  if (cis.length === 0 || cis.length > MAX_TRUSTED_CIS)
    fail('trustedCis', `must list 1 to ${MAX_TRUSTED_CIS} CI certificates, not ${cis.length}`);
  cis.forEach((entry, i) => {
    const path = `trustedCis[${i}]`;
    der(entry, path, 'an X.509 certificate', parseCertificate);
    try {
      toTrustedCi(Buffer.from(entry as string, 'base64'));
    } catch (error) {
      if (!(error instanceof PkiConfigurationError)) throw error;
      fail(path, `is no trust anchor: ${error.message}`);
    }
  });
}

function checkProfiles(state: Fields): void {
  const iccids = new Set<string>();
  let enabled: number | undefined;
  list(state.profiles, 'profiles').forEach((entry, i) => {
    const path = `profiles[${i}]`;
    const profile = object(entry, path);
    // The ICCID as coded in EF.ICCID (10 bytes, nibbles swapped).
    const iccid = text(profile.iccid, `${path}.iccid`, HEX('{10}'), '20 hex digits').toUpperCase();
    if (iccids.has(iccid)) fail(`${path}.iccid`, 'is installed twice');
    iccids.add(iccid);
    text(profile.isdpAid, `${path}.isdpAid`, HEX('{5,16}'), 'an AID in hex (5 to 16 bytes)');
    if (profile.state !== 'enabled' && profile.state !== 'disabled')
      fail(`${path}.state`, `must be "enabled" or "disabled", not ${shown(profile.state)}`);
    if (profile.state === 'enabled') {
      if (enabled !== undefined) fail(`${path}.state`, `is enabled, and so is profiles[${enabled}]`);
      enabled = i;
    }
    // SGP.22 ProfileInfo: profileNickname UTF8String (SIZE(0..64)).
    optionalText(profile, 'nickname', `${path}.nickname`, /^.{0,64}$/su, 'text of at most 64 characters');
    der(profile.metadata, `${path}.metadata`, 'a StoreMetadataRequest', (bytes) =>
      StoreMetadataRequest.decode(bytes),
    );
    text(profile.profileElements, `${path}.profileElements`, BASE64, 'base64 (the profile elements)');
  });
}

function checkNotifications(state: Fields): void {
  const seqNumbers = new Set<number>();
  list(state.notifications, 'notifications').forEach((entry, i) => {
    const path = `notifications[${i}]`;
    const notification = object(entry, path);
    const seqNumber = integer(notification.seqNumber, `${path}.seqNumber`, 0, 2 ** 31 - 1);
    if (seqNumbers.has(seqNumber)) fail(`${path}.seqNumber`, `${seqNumber} is used twice`);
    seqNumbers.add(seqNumber);
    if (!(NotificationEvents as readonly unknown[]).includes(notification.event))
      fail(
        `${path}.event`,
        `must be one of ${NotificationEvents.join(', ')}, not ${shown(notification.event)}`,
      );
    text(notification.notificationAddress, `${path}.notificationAddress`);
    optionalText(notification, 'iccid', `${path}.iccid`, HEX('{10}'), '20 hex digits');
    der(notification.pendingNotification, `${path}.pendingNotification`, 'a PendingNotification', (bytes) =>
      PendingNotification.decode(bytes),
    );
  });
}

/** The IoT eUICC's part (SGP.32, src/euicc/iot/iot-state.ts), when the file has one. */
function checkIot(state: Fields): void {
  if (state.iot === undefined) return;
  const iot = object(state.iot, 'iot');
  if (iot.ipaMode !== 'ipad') fail('iot.ipaMode', `must be "ipad", not ${shown(iot.ipaMode)}`);
  const configuration = eimConfigurationData();
  list(iot.eims, 'iot.eims').forEach((entry, i) => {
    const eim = object(entry, `iot.eims[${i}]`);
    der(eim.configuration, `iot.eims[${i}].configuration`, 'an EimConfigurationData', (bytes) =>
      configuration.decode(bytes),
    );
    integer(eim.counterValue, `iot.eims[${i}].counterValue`, 0, 2 ** 31 - 1);
  });
  integer(iot.nextAssociationToken, 'iot.nextAssociationToken', 0, 2 ** 31 - 1);
  const seqNumbers = new Set(list(state.notifications, 'notifications').map((n) => (n as Fields).seqNumber));
  list(iot.packageResults, 'iot.packageResults').forEach((entry, i) => {
    const path = `iot.packageResults[${i}]`;
    const kept = object(entry, path);
    const seqNumber = integer(kept.seqNumber, `${path}.seqNumber`, 0, 2 ** 31 - 1);
    if (seqNumbers.has(seqNumber)) fail(`${path}.seqNumber`, `${seqNumber} is used twice`);
    seqNumbers.add(seqNumber);
    text(kept.eimId, `${path}.eimId`);
    der(kept.result, `${path}.result`, 'an EuiccPackageResult', (bytes) => EuiccPackageResult.decode(bytes));
  });
  for (const name of ['fallbackIccid', 'lastDownloadedIccid'])
    optionalText(iot, name, `iot.${name}`, HEX('{10}'), '20 hex digits');
  optionalText(iot, 'fallbackFrom', 'iot.fallbackFrom', /^(?:[0-9A-Fa-f]{20})?$/, 'an ICCID in hex or ""');
  if (iot.rollback !== undefined) {
    const rollback = object(iot.rollback, 'iot.rollback');
    text(rollback.eimId, 'iot.rollback.eimId');
    integer(rollback.counterValue, 'iot.rollback.counterValue', 0, 2 ** 31 - 1);
    text(rollback.enabledIccid, 'iot.rollback.enabledIccid', HEX('{10}'), '20 hex digits');
    optionalText(rollback, 'previousIccid', 'iot.rollback.previousIccid', HEX('{10}'), '20 hex digits');
    optionalText(rollback, 'eimTransactionId', 'iot.rollback.eimTransactionId', HEX('{1,16}'), 'hex');
  }
  if (iot.immediateEnable !== undefined) {
    const settings = object(iot.immediateEnable, 'iot.immediateEnable');
    if (typeof settings.enabled !== 'boolean') fail('iot.immediateEnable.enabled', 'must be true or false');
  }
}

/** The parsed JSON of a state file, checked field by field; the first problem is thrown. */
export function checkState(parsed: unknown): EuiccState {
  const state = object(parsed, 'the top level');
  checkIdentity(state);
  checkTrustedCis(state);
  optionalText(state, 'defaultDpAddress', 'defaultDpAddress');
  text(state.rootDsAddress, 'rootDsAddress');
  checkProfiles(state);
  checkNotifications(state);
  checkIot(state);
  integer(state.nextSeqNumber, 'nextSeqNumber', 0, 2 ** 31 - 1);
  // The ISD-P AIDs end in one byte, 0x0F + this number.
  integer(state.nextIsdpNumber, 'nextIsdpNumber', 0, 0xf0);
  if (state.crls !== undefined)
    list(state.crls, 'crls').forEach((entry, i) => {
      const crl = object(entry, `crls[${i}]`);
      text(crl.ciPkid, `crls[${i}].ciPkid`, HEX('+'), 'hex');
      list(crl.revokedSerials, `crls[${i}].revokedSerials`).forEach((serial, j) => {
        text(serial, `crls[${i}].revokedSerials[${j}]`, HEX('+'), 'hex');
      });
    });
  if (state.oneTimeKey !== undefined) {
    const oneTimeKey = object(state.oneTimeKey, 'oneTimeKey');
    text(oneTimeKey.publicPoint, 'oneTimeKey.publicPoint', HEX('+'), 'hex');
    text(oneTimeKey.privateValue, 'oneTimeKey.privateValue', HEX('+'), 'hex');
  }
  return parsed as EuiccState;
}
