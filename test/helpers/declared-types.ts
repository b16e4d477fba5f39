import * as rsp from '../../src/asn1/rsp/index.ts';
import { type AnySchema, Schema } from '../../src/asn1/schema.ts';

/** Every message type the RSP module declares, found by walking the exports. */
export const declaredTypes = Object.entries(rsp).flatMap(([name, value]): [string, AnySchema][] =>
  value instanceof Schema ? [[name, value]] : [],
);
