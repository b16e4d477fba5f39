import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { derOf } from '../../src/asn1/schema.ts';
import {
  EsipaMessageFromEimToIpa,
  EuiccPackageRequest,
  EuiccPackageResult,
  ProvideEimPackageResult,
  Sgp32EuiccSigned1,
  Sgp32RetrieveNotificationsListResponse,
} from '../../src/asn1/sgp32/index.ts';
import { readChildren, readTlv } from '../../src/asn1/tlv.ts';
import { ecdsaVerify } from '../../src/crypto/ecdsa.ts';
import { eimPackageSignatureInput } from '../../src/protocol/eim-signed-data.ts';

/**
 * The real eIM ↔ IPAd ↔ IoT eUICC exchange of the reference (fixtures/vectors/sgp32-euicc-package-trace.json,
 * copied from ../shared/reference/sgp32/vectors/, recorded by the onomondo-eim developers): it decodes with our
 * SGP.32 declarations, re-encodes byte for byte, and both of its signatures verify over the signed data that
 * our code builds.
 */
const trace = JSON.parse(
  readFileSync(new URL('../../fixtures/vectors/sgp32-euicc-package-trace.json', import.meta.url), 'utf8'),
);
const hex = (text: string) => Buffer.from(text, 'hex');
const messages = trace.messages as Record<string, string>;
const eimKey = new X509Certificate(trace.eim_certificate_pem).publicKey;
const euiccKey = new X509Certificate(hex(trace.euicc_certificate_hex)).publicKey;

describe('the reference SGP.32 trace', () => {
  it('decodes the GetEimPackage response as ESipa and re-encodes it byte for byte', () => {
    const body = hex(messages.esipa_getEimPackageResponse_eim_to_ipa!);
    // one tag for [79] on the tagged CHOICE and one for [81] on the tagged SEQUENCE: BF4F … BF51, never BF4F BF4F
    expect(body.subarray(0, 6).toString('hex')).toBe('bf4f8186bf51');
    const message = EsipaMessageFromEimToIpa.decode(body);
    if (!('getEimPackageResponse' in message)) throw new Error('not a GetEimPackage response');
    const response = message.getEimPackageResponse;
    if (!('euiccPackageRequest' in response)) throw new Error('not an eUICC Package');
    expect(EsipaMessageFromEimToIpa.encode(message)).toEqual(body);
    // the IPA passes the EuiccPackageRequest on unchanged as the ES10b.LoadEuiccPackage command data
    expect(derOf(response.euiccPackageRequest)).toEqual(hex(messages.es10b_loadEuiccPackage_command_data!));
  });

  it('decodes the EuiccPackageRequest into the fields the reference names', () => {
    const command = hex(messages.es10b_loadEuiccPackage_command_data!);
    const request = EuiccPackageRequest.decode(command);
    const signed = request.euiccPackageSigned;
    expect(signed.eimId).toBe('eIM');
    expect(signed.eidValue.toString('hex')).toBe('89044045118427484800000000011628');
    expect(signed.counterValue).toBe(1006);
    expect(signed.eimTransactionId?.toString('hex').toUpperCase()).toBe('F92B2FEE35632499E841CB754FDFD9F3');
    expect(signed.euiccPackage).toEqual({
      psmoList: [{ enable: { iccid: hex('989444999999990920F3') } }],
    });
    expect(request.eimSignature).toHaveLength(64);
    expect(EuiccPackageRequest.encode(request)).toEqual(command);
  });

  it('verifies eimSignature over DER(EuiccPackageSigned) ‖ the association token, and only so', () => {
    const request = EuiccPackageRequest.decode(hex(messages.es10b_loadEuiccPackage_command_data!));
    const signedDer = derOf(request.euiccPackageSigned);
    expect(signedDer.subarray(0, 2).toString('hex')).toBe('303d');
    const input = eimPackageSignatureInput(signedDer, trace.association_token);
    expect(input.subarray(signedDer.length).toString('hex')).toBe(trace.association_token_tlv_hex);
    expect(ecdsaVerify(eimKey, input, request.eimSignature)).toBe(true);
    expect(ecdsaVerify(eimKey, eimPackageSignatureInput(signedDer, undefined), request.eimSignature)).toBe(
      false,
    );
    expect(ecdsaVerify(eimKey, eimPackageSignatureInput(signedDer, 2), request.eimSignature)).toBe(false);
  });

  it('decodes the EuiccPackageResult and verifies euiccSignEPR with the eUICC key', () => {
    const response = hex(messages.es10b_loadEuiccPackage_response_data!);
    const result = EuiccPackageResult.decode(response);
    if (!('euiccPackageResultSigned' in result)) throw new Error('not a signed result');
    const data = result.euiccPackageResultSigned.euiccPackageResultDataSigned;
    expect(data).toEqual({
      eimId: 'eIM',
      counterValue: 1006,
      eimTransactionId: hex('F92B2FEE35632499E841CB754FDFD9F3'),
      seqNumber: 20,
      euiccResult: [{ enableResult: 1 }], // iccidOrAidNotFound
    });
    expect(EuiccPackageResult.encode(result)).toEqual(response);
    // EuiccPackageResultSigned is [0] in the CHOICE ('A0'); its first member keeps its universal '30'
    expect(response.subarray(3, 4).toString('hex')).toBe('a0');
    expect(derOf(data).subarray(0, 1).toString('hex')).toBe('30');
    const signature = result.euiccPackageResultSigned.euiccSignEPR;
    expect(
      ecdsaVerify(euiccKey, eimPackageSignatureInput(derOf(data), trace.association_token), signature),
    ).toBe(true);
    // the SGP.32 v1.0 wording (‖ eimSignature) does not verify
    const request = EuiccPackageRequest.decode(hex(messages.es10b_loadEuiccPackage_command_data!));
    const v10Input = Buffer.concat([derOf(data), EuiccPackageRequest.encode(request).subarray(-66)]);
    expect(ecdsaVerify(euiccKey, v10Input, signature)).toBe(false);
  });

  it('reads the v1.0-shaped ProvideEimPackageResult: its EPR copy from the notification list verifies too', () => {
    const body = hex(messages.esipa_provideEimPackageResult_ipa_to_eim_v1_0_shape!);
    // v1.2 changed this message (notificationList 'A0' instead of the whole BF2B answer): refused as v1.2
    expect(() => ProvideEimPackageResult.decode(body)).toThrow(/tag BF2B/);
    const [inner] = readChildren(readTlv(body, 0).value);
    const [epr, list] = readChildren(inner!.value);
    const first = EuiccPackageResult.decode(epr!.bytes);
    const notifications = Sgp32RetrieveNotificationsListResponse.decode(list!.bytes);
    expect(Sgp32RetrieveNotificationsListResponse.encode(notifications)).toEqual(list!.bytes);
    if (!('euiccPackageResultList' in notifications)) throw new Error('not an EPR list');
    const [copy] = notifications.euiccPackageResultList;
    if (!copy || !('euiccPackageResultSigned' in copy) || !('euiccPackageResultSigned' in first))
      throw new Error('not signed results');
    const copyData = copy.euiccPackageResultSigned.euiccPackageResultDataSigned;
    // the same signed data, another valid signature (ECDSA is randomised)
    expect(derOf(copyData)).toEqual(derOf(first.euiccPackageResultSigned.euiccPackageResultDataSigned));
    expect(copy.euiccPackageResultSigned.euiccSignEPR).not.toEqual(
      first.euiccPackageResultSigned.euiccSignEPR,
    );
    const input = eimPackageSignatureInput(derOf(copyData), trace.association_token);
    expect(ecdsaVerify(euiccKey, input, copy.euiccPackageResultSigned.euiccSignEPR)).toBe(true);
  });

  it('decodes the same card’s SGP.22 euiccSigned1 as SGP32-EuiccSigned1 and verifies euiccSignature1', () => {
    const der = hex(messages.sgp22_euiccSigned1_same_card!);
    const signed = Sgp32EuiccSigned1.decode(der);
    expect(Sgp32EuiccSigned1.encode(signed)).toEqual(der);
    expect(signed.euiccInfo2.sasAcreditationNumber).toBe('SYSMOCOM-TEST-1');
    // the IoT fields the module calls mandatory are absent on this real card
    expect(signed.euiccInfo2.ipaMode).toBeUndefined();
    expect(signed.euiccInfo2.iotSpecificInfo).toBeUndefined();
    expect(ecdsaVerify(euiccKey, der, hex(messages.sgp22_euiccSignature1_same_card!))).toBe(true);
  });

  it('takes the eUICC key from CERT.EUICC: the same key the reference gives as a point', () => {
    const jwk = euiccKey.export({ format: 'jwk' });
    const point = Buffer.concat([
      Buffer.from([4]),
      Buffer.from(String(jwk.x), 'base64url'),
      Buffer.from(String(jwk.y), 'base64url'),
    ]);
    expect(point.toString('hex').toUpperCase()).toBe(trace.euicc_public_key_uncompressed_hex);
  });
});
