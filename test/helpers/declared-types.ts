import * as rsp from '../../src/asn1/rsp/index.ts';
import { type AnySchema, Schema } from '../../src/asn1/schema.ts';
import * as sgp32 from '../../src/asn1/sgp32/index.ts';

const schemasOf = (module: Record<string, unknown>) =>
  Object.entries(module).flatMap(([name, value]): [string, AnySchema][] =>
    value instanceof Schema ? [[name, value]] : [],
  );

/** Every message type the SGP.22 RSP module declares, found by walking the exports. */
export const declaredRspTypes = schemasOf(rsp);

/** Every message type the SGP.32 module declares (its names start with Sgp32 where SGP.22 has the same). */
export const declaredSgp32Types = schemasOf(sgp32);

/** Both modules' types: what the round-trip and fuzz tests walk. */
export const declaredTypes = [...declaredRspTypes, ...declaredSgp32Types];
