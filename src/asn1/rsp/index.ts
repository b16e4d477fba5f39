/** The SGP.22 RSPDefinitions types used by ES9+, ES10a/b/c and ES8+. */
export * from './authentication.ts';
export * from './bound-profile-package.ts';
export * from './common.ts';
export * from './crl.ts';
export * from './download.ts';
export * from './es9.ts';
export * from './euicc-info.ts';
export * from './notification-metadata.ts';
export * from './notifications.ts';
export * from './profile-management.ts';
