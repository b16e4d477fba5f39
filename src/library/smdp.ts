/**
 * `rspsim/smdp`: an SM-DP+ inside another project's tests. `startSmdp(resolveConfig({ flags }))` listens over
 * HTTPS with the bundled SGP.26 test PKI and the demo catalogue (port 0: any free port); `close()` stops it.
 */
export {
  ConfigError,
  DEFAULT_CONFIG,
  resolveConfig,
  SMDP_SETTINGS,
  type SmdpServerConfig,
} from '../smdp/config.ts';
export { profileRecordFrom } from '../smdp/profile-catalogue.ts';
export type {
  ProfileRecord,
  ProfileRepository,
  ProfileState,
} from '../smdp/profile-repository.ts';
export { type RunningSmdp, type StartOptions, startSmdp } from '../smdp/start.ts';
export { MemoryProfileRepository } from '../store/memory/memory-profile-repository.ts';
export { openStore, type Store, StoreConfigError } from '../store/open-store.ts';
