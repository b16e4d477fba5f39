import pino from 'pino';
import { resolveConfig } from '../../src/smdp/config.ts';
import { type RunningSmdp, type StartOptions, startSmdp } from '../../src/smdp/start.ts';

/** A real SM-DP+ on a free loopback port with the bundled SGP.26 PKI and the demo catalogue (in memory). */
export function startTestSmdp(
  flags: Record<string, unknown> = {},
  options: StartOptions = {},
): Promise<RunningSmdp> {
  return startSmdp(resolveConfig({ flags: { port: 0, logLevel: 'silent', store: 'memory', ...flags } }), {
    logger: pino({ level: 'silent' }),
    ...options,
  });
}
