/**
 * Failures of the BSP / SCP03t layer. The eUICC maps them to ProfileInstallationResult error reasons
 * (SGP.22 5.7.6): a MAC that does not verify is scp03tSecurityError, anything malformed scp03tStructureError.
 */
export type BspErrorKind = 'macMismatch' | 'structure' | 'padding' | 'invalidPoint';

export class BspError extends Error {
  constructor(
    readonly kind: BspErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'BspError';
  }
}
