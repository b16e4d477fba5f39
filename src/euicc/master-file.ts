/**
 * The MF of the UICC the eUICC is (ETSI TS 102 221 8.1, 11.1.1; SGP.22 2.2: the eUICC is a UICC). The
 * software eUICC keeps no telecom file system: the MF is the one file it answers SELECT for, so that PC/SC
 * tools that start by selecting the MF, as every UICC has one (pySim-shell selects it before anything else and
 * gives up when it cannot), reach the ISD-R afterwards. Any other file is not found.
 */

/** '3F00', the MF's file identifier (TS 102 221 8.2). */
export const MF_FILE_ID = Buffer.from('3F00', 'hex');

/**
 * The MF's FCP template (TS 102 221 11.1.1.3), only what the MF of an eUICC without a file system can say:
 * - 82 02 78 21: file descriptor, a DF (shareable), data coding byte 21;
 * - 83 02 3F 00: the file identifier;
 * - 8A 01 05: life cycle status, operational and activated;
 * - C6 03 90 01 00: PIN status template, PS_DO with no PIN enabled (no key reference follows).
 */
export const MF_FCP = Buffer.from('6210' + '82027821' + '83023F00' + '8A0105' + 'C603900100', 'hex');

/** SELECT P2 b4..b3 = '01': return the FCP template (TS 102 221 11.1.1.2, Table 11.2). */
export const returnsFcp = (p2: number): boolean => (p2 & 0x0c) === 0x04;
