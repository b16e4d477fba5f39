/**
 * `rspsim/euicc`: the software eUICC. `await EuiccEmulator.create()` is a card in memory under the SGP.26 test
 * EUM; it answers APDUs (`transmit`), so any LPA, the built-in one included, drives it over ES10a/b/c.
 */
export type { ApduTransport } from '../apdu/transport.ts';
export { type CreateOptions, EuiccEmulator, type OpenOptions } from '../euicc/emulator.ts';
