/**
 * What an IoT eUICC (SGP.32) keeps beyond an SGP.22 eUICC's state: its eIM configurations with their counters
 * and association tokens (SGP.32 2.11.1), the eUICC Package Results kept in the notification list under their
 * seqNumber (3.3.1, 5.9.11), the immediate-enable configuration (5.9.17), the Fallback Profile (2.4.4) and
 * what a rollback or a return from fallback goes back to. Stored in the eUICC state file under `iot`, present
 * only for an eUICC created with `euicc create --iot`.
 */
import { type EimConfigurationData, eimConfigurationData } from '../../asn1/sgp32/index.ts';

export interface EimRecord {
  /** The EimConfigurationData as configured (base64 DER), the association token the eUICC assigned filled in. */
  configuration: string;
  /** The last counterValue accepted from this eIM (its initial counterValue until a first package). */
  counterValue: number;
}

/** A kept EuiccPackageResult (SGP.32 3.3.1 step 2): in the notification list until the IPA removes it. */
export interface PackageResultRecord {
  seqNumber: number;
  eimId: string;
  /** The EuiccPackageResult DER (base64). */
  result: string;
}

/** What ProfileRollback (SGP.32 5.9.16) undoes: the last enable PSMO that carried rollbackFlag. */
export interface RollbackRecord {
  eimId: string;
  counterValue: number;
  /** eimTransactionId of the package (hex). */
  eimTransactionId?: string;
  /** The profile the enable disabled (ICCID hex), enabled again by the rollback; none if none was enabled. */
  previousIccid?: string;
  /** The profile the enable enabled (ICCID hex). */
  enabledIccid: string;
}

export interface IotState {
  /** The active IPA (SGP.32 EUICCInfo2 ipaMode): this software eUICC has no IPAe. */
  ipaMode: 'ipad';
  eims: EimRecord[];
  /** The next association token the eUICC assigns when an eIM asks for one (associationToken -1). */
  nextAssociationToken: number;
  packageResults: PackageResultRecord[];
  /** ConfigureImmediateProfileEnabling / configureImmediateEnable PSMO (SGP.32 5.9.17). */
  immediateEnable?: { enabled: boolean; defaultSmdpOid?: string; defaultSmdpAddress?: string };
  /** ICCID (hex) of the profile whose fallbackAttribute is set (SGP.32: at most one Fallback Profile). */
  fallbackIccid?: string;
  /** While the Fallback Mechanism is active: the profile enabled before it (ICCID hex), or "" for none. */
  fallbackFrom?: string;
  rollback?: RollbackRecord;
  /** The profile the last download installed (ICCID hex), for ImmediateEnable (SGP.32 5.9.15). */
  lastDownloadedIccid?: string;
}

export const emptyIotState = (): IotState => ({
  ipaMode: 'ipad',
  eims: [],
  nextAssociationToken: 1,
  packageResults: [],
});

const EIM_CONFIGURATION = eimConfigurationData();

export const configurationOf = (record: EimRecord): EimConfigurationData =>
  EIM_CONFIGURATION.decode(Buffer.from(record.configuration, 'base64'));

export const encodeConfiguration = (configuration: EimConfigurationData): string =>
  EIM_CONFIGURATION.encode(configuration).toString('base64');

/** The eIM of this eimId, if configured. */
export const findEim = (iot: IotState, eimId: string): EimRecord | undefined =>
  iot.eims.find((record) => configurationOf(record).eimId === eimId);
