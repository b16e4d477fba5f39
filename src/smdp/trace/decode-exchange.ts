/** The base64 DER fields of ES9+ bodies (SGP.22 6.5.2), decoded into named trees for the trace. */
import { Asn1DecodeError } from '../../asn1/decode-error.ts';
import {
  AuthenticateServerResponse,
  BoundProfilePackage,
  CancelSessionResponse,
  EUICCInfo1,
  PendingNotification,
  PrepareDownloadResponse,
  ServerSigned1,
  SmdpSigned2,
  StoreMetadataRequest,
} from '../../asn1/rsp/index.ts';
import type { Schema } from '../../asn1/schema.ts';
import { type TreeNode, toTree } from '../../asn1/tree.ts';
import { parseCertificate } from '../../pki/certificate.ts';

const FIELDS: Readonly<Record<string, Schema<any>>> = {
  euiccInfo1: EUICCInfo1,
  serverSigned1: ServerSigned1,
  authenticateServerResponse: AuthenticateServerResponse,
  profileMetadata: StoreMetadataRequest,
  smdpSigned2: SmdpSigned2,
  prepareDownloadResponse: PrepareDownloadResponse,
  boundProfilePackage: BoundProfilePackage,
  pendingNotification: PendingNotification,
  cancelSessionResponse: CancelSessionResponse,
};

const CERTIFICATES = new Set(['serverCertificate', 'smdpCertificate']);

export type DecodedField = TreeNode | { readonly name: string; readonly value: string };

/** Each field of a JSON body: DER fields as trees, certificates by subject, anything else as it is. */
export function decodeBody(body: unknown): DecodedField[] {
  if (typeof body !== 'object' || body === null) return [];
  return Object.entries(body as Record<string, unknown>)
    .filter(([name]) => name !== 'header')
    .map(([name, value]) => decodeField(name, value));
}

function decodeField(name: string, value: unknown): DecodedField {
  if (typeof value !== 'string') return { name, value: JSON.stringify(value) };
  const schema = FIELDS[name];
  const der = () => Buffer.from(value, 'base64');
  try {
    if (schema) return toTree(schema, schema.decode(der()), name);
    if (CERTIFICATES.has(name)) {
      const certificate = parseCertificate(der());
      return {
        name,
        value: `${certificate.subject} (issuer ${certificate.issuer}, ${certificate.role ?? 'no SGP.22 role'})`,
      };
    }
  } catch (error) {
    if (error instanceof Asn1DecodeError) return { name, value: `undecodable: ${error.message}` };
    return { name, value: `undecodable: ${(error as Error).message}` };
  }
  return { name, value };
}
