/** An RSP server address as activation codes and event records carry it (SGP.22 4.1): FQDN[:port]. */
import { isHostName } from '../pki/generate-hierarchy.ts';

/** Longest address kept (a DNS name is at most 253 characters, a port 6 more). */
const MAX_ADDRESS_LENGTH = 259;

export function isServerAddress(address: string): boolean {
  if (address.length === 0 || address.length > MAX_ADDRESS_LENGTH) return false;
  const [, host, portText] = /^([^:]+)(?::(\d{1,5}))?$/.exec(address) ?? [];
  if (host === undefined) return false;
  const port = portText === undefined ? 443 : Number(portText);
  return isHostName(host) && port > 0 && port < 65_536;
}
