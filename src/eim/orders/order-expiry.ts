/**
 * Orders the eIM gives up on or forgets (onomondo-eim's stuckOrder, noshowOrder, expiry), by the injected
 * clock: run before each poll and each operator call, so what a caller reads is current, and every minute
 * while idle; the minute timer also ends the relayed download sessions past their lifetime.
 */
import type { EimContext } from '../server/context.ts';

export async function expireOrders(eim: EimContext): Promise<void> {
  const expired = await eim.repository.expire(eim.now(), eim.config.timeouts);
  if (expired.stuck + expired.noshow + expired.removed > 0)
    eim.log.info(expired, 'eIM orders given up or removed');
}

const EXPIRY_INTERVAL_MS = 60_000;

export function startOrderExpiry(eim: EimContext): { stop(): void } {
  const timer = setInterval(() => {
    expireOrders(eim).catch((error: unknown) => eim.log.warn({ err: error }, 'eIM order expiry failed'));
    eim.download?.relay
      .purgeExpired()
      .catch((error: unknown) => eim.log.warn({ err: error }, 'eIM relayed session purge failed'));
  }, EXPIRY_INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
