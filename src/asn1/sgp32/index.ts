/** The SGP.32 v1.2 SGP32Definitions types used by ESipa and the IoT eUICC's ES10b functions. */
export * from './common.ts';
export * from './download.ts';
export * from './es10b.ts';
export * from './esipa.ts';
export * from './euicc-info.ts';
export * from './euicc-package.ts';
export * from './notifications.ts';
export * from './profile-info.ts';
