/**
 * The eIM's ES9+ client (SGP.32 3.2: in the indirect download the eIM is the SM-DP+'s client): the JSON
 * binding client our LPA uses (src/lpa/es9-client.ts), trusting the SM-DP+'s TLS certificate when it chains to
 * one of the eIM's configured CI certificates (SGP.22 4.5.2.1.0.5: CERT.DP.TLS is issued under a CI), as an
 * LPA does. X-Admin-Protocol gsma/rsp/v2.1.0, as onomondo-eim sends on ES9+ (reference §2): SGP.32 v1.2 builds
 * on SGP.22 v2.x and an SM-DP+ of any v2 takes it. Answers are bounded, since the eIM relays servers it does
 * not run, and so is the time it waits.
 */
import { Es9Client, type Es9ClientExchange } from '../../lpa/es9-client.ts';
import type { Es9Connector } from './indirect-download-relay.ts';

export interface Es9ConnectorOptions {
  /** PEM of the CI certificate(s) whose TLS certificates the eIM trusts. */
  readonly ca: string;
  /** How long one ES9+ call may take (default 30 s). */
  readonly timeoutMs?: number;
  /** The largest ES9+ answer taken (default 4 MiB: a Bound Profile Package in base64 with room to spare). */
  readonly maxAnswerBytes?: number;
  /** Sees each ES9+ call relayed, with the SM-DP+ it went to (the eIM's exchange trace). */
  readonly onExchange?: (smdpAddress: string, exchange: Es9ClientExchange) => void;
}

export const ES9_ADMIN_PROTOCOL = 'gsma/rsp/v2.1.0';

export function es9Connector(options: Es9ConnectorOptions): Es9Connector {
  const { onExchange } = options;
  return (smdpAddress) =>
    new Es9Client(smdpAddress, {
      ca: options.ca,
      adminProtocol: ES9_ADMIN_PROTOCOL,
      timeoutMs: options.timeoutMs ?? 30_000,
      maxAnswerBytes: options.maxAnswerBytes ?? 4 * 1024 * 1024,
      ...(onExchange ? { onExchange: (exchange) => onExchange(smdpAddress, exchange) } : {}),
    });
}
