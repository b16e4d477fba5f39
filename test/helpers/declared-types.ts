import * as rsp from '../../src/asn1/rsp/index.ts';
import { Schema } from '../../src/asn1/schema.ts';

/** Every message type the RSP module declares, found by walking the exports. */
export const declaredTypes = Object.entries(rsp).filter(
  (entry): entry is [string, Schema<any>] => entry[1] instanceof Schema,
);
