/**
 * What the servers' logs never show, whichever server (SM-DP+, SM-DS) writes them: keys, Ki, OPc and
 * confirmation codes are redacted wherever they could appear (pino `redact` paths).
 */
export const LOG_REDACT = [
  '*.privateKey',
  '*.ki',
  '*.opc',
  '*.confirmationCode',
  '*.keyPem',
  'req.headers.authorization',
  // The admin page's cookie carries a session id, as good as the token until logout.
  'req.headers.cookie',
];
