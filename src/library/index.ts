/**
 * `rspsim`: the library surface in one import (each part also on its own: `rspsim/smdp`, `rspsim/smds`,
 * `rspsim/euicc`, `rspsim/lpa`, `rspsim/conformance`, `rspsim/asn1`). See docs/library.md.
 */
export { EuiccEmulator } from './euicc.ts';
export { downloadProfile, Es10Client, parseActivationCode } from './lpa.ts';
export { type RunningSmdp, resolveConfig, startSmdp } from './smdp.ts';
export { type RunningSmds, resolveSmdsConfig, startSmds } from './smds.ts';
