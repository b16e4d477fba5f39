/** `rspsim/lpa`: the built-in LPA: a profile download from an activation code, ES10 calls, notifications. */
export {
  type ActivationCode,
  ActivationCodeError,
  formatActivationCode,
  parseActivationCode,
} from '../lpa/activation-code.ts';
export {
  DownloadError,
  type DownloadOptions,
  type DownloadResult,
  type DownloadStep,
  downloadProfile,
} from '../lpa/download.ts';
export { ApduError, Es10Client, Es10ResultError } from '../lpa/es10-client.ts';
export { type ProcessedNotification, processNotifications } from '../lpa/notifications.ts';
