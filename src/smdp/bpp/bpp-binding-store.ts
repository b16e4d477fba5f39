/**
 * The binding of an order's profile to one eUICC's one-time key, kept so that the eUICC can retry the
 * download in a new RSP session after losing the first one (SGP.22 3.1.3.2, 5.6.3 bppEuiccOtpk, 5.6.2): the
 * SM-DP+ names the key in SmdpSigned2 and, when the eUICC answers with that same otPK.EUICC.ECKA, serves the
 * same protected segments under the same otPK.DP.ECKA and session keys. One binding per order (a new key
 * replaces it); it is deleted when the order ends with the eUICC's installation result.
 */
export interface BppBinding {
  readonly profileId: string;
  readonly eid: string;
  /** otPK.EUICC.ECKA the package is bound to. */
  readonly euiccOtpk: Buffer;
  /**
   * The Bound Profile Package as first served. Its segments are reused as they are; its
   * InitialiseSecureChannelRequest names the first session's transactionId, so a later session re-signs it.
   * No key is kept: the segments are already protected and smdpOtpk is public.
   */
  readonly boundProfilePackage: Buffer;
}

export interface BppBindingStore {
  get(profileId: string): Promise<BppBinding | undefined>;
  /** Keeps `binding` as its profile's one binding, replacing any earlier one. */
  put(binding: BppBinding): Promise<void>;
  delete(profileId: string): Promise<void>;
}
