/** `rspsim/smds`: an SM-DS (ES11 for LPAs, ES12 for SM-DP+s) inside another project's tests. */
export { resolveSmdsConfig, SMDS_SETTINGS, type SmdsServerConfig } from '../smds/config.ts';
export { type RunningSmds, type SmdsStartOptions, startSmds } from '../smds/start.ts';
