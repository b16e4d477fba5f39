/**
 * The PROXY protocol header a TCP load balancer (HAProxy `send-proxy` / `send-proxy-v2`, nginx `proxy_protocol`,
 * cloud balancers) puts in front of a connection to tell the server who the client is (HAProxy's "The PROXY
 * protocol", versions 1 and 2). Read only from configured balancers: from anyone else it would let a client
 * claim any address.
 *
 * v1: one text line, at most 107 bytes: `PROXY TCP4|TCP6 <source> <destination> <sport> <dport>\r\n` or
 * `PROXY UNKNOWN ...\r\n`.
 * v2: a 12-byte signature, version/command, family/transport, a 16-bit length, then the addresses (IPv4: 4+4+2+2
 * bytes, IPv6: 16+16+2+2) and optional TLVs. Command LOCAL (a balancer's own health check) names no client.
 */
import { isIPv4, isIPv6 } from 'node:net';

const V1_PREFIX = Buffer.from('PROXY ', 'latin1');
const V1_LONGEST = 107;
const V2_SIGNATURE = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);
const V2_FIXED = 16;
/** Addresses and TLVs of a v2 header accepted at most (the addresses need 36; TLVs are ignored). */
export const V2_LONGEST_BODY = 1024;
const V2_COMMAND_LOCAL = 0x0;
const V2_COMMAND_PROXY = 0x1;
/** Address family in the high nibble of byte 13: AF_INET, AF_INET6. */
const V2_INET = 0x1;
const V2_INET6 = 0x2;

export type ProxyHeaderRead =
  | { readonly kind: 'incomplete' }
  /** `length` bytes are the header; `source` the client's address, absent when the header names none. */
  | { readonly kind: 'header'; readonly length: number; readonly source?: string }
  | { readonly kind: 'invalid'; readonly reason: string };

const INCOMPLETE: ProxyHeaderRead = { kind: 'incomplete' };
const invalid = (reason: string): ProxyHeaderRead => ({ kind: 'invalid', reason });

/** Whether `bytes` could still become `prefix` (or starts with it). */
const startsLike = (bytes: Buffer, prefix: Buffer) =>
  bytes.subarray(0, prefix.length).equals(prefix.subarray(0, Math.min(bytes.length, prefix.length)));

/** Reads the header at the start of what a balancer sent so far. */
export function readProxyHeader(bytes: Buffer): ProxyHeaderRead {
  if (startsLike(bytes, V2_SIGNATURE)) return bytes.length < V2_FIXED ? INCOMPLETE : readV2(bytes);
  if (startsLike(bytes, V1_PREFIX)) return readV1(bytes);
  return invalid('no PROXY protocol header');
}

function readV1(bytes: Buffer): ProxyHeaderRead {
  const end = bytes.subarray(0, V1_LONGEST).indexOf('\r\n');
  if (end < 0) return bytes.length >= V1_LONGEST ? invalid('v1 line too long') : INCOMPLETE;
  const fields = bytes.subarray(0, end).toString('latin1').split(' ');
  const length = end + 2;
  if (fields[1] === 'UNKNOWN') return { kind: 'header', length };
  const [, family, source, destination, sourcePort, destinationPort] = fields;
  const isFamily = family === 'TCP4' ? isIPv4 : family === 'TCP6' ? isIPv6 : undefined;
  if (!isFamily || fields.length !== 6) return invalid('v1 line malformed');
  if (!source || !destination || !isFamily(source) || !isFamily(destination))
    return invalid('v1 addresses malformed');
  if (![sourcePort, destinationPort].every((port) => /^\d{1,5}$/.test(port ?? '') && Number(port) < 65536))
    return invalid('v1 ports malformed');
  return { kind: 'header', length, source };
}

function readV2(bytes: Buffer): ProxyHeaderRead {
  const versionCommand = bytes[12] ?? 0;
  if (versionCommand >> 4 !== 2) return invalid('v2 version is not 2');
  const command = versionCommand & 0x0f;
  const bodyLength = bytes.readUInt16BE(14);
  if (bodyLength > V2_LONGEST_BODY) return invalid('v2 header too long');
  const length = V2_FIXED + bodyLength;
  if (bytes.length < length) return INCOMPLETE;
  if (command === V2_COMMAND_LOCAL) return { kind: 'header', length };
  if (command !== V2_COMMAND_PROXY) return invalid('v2 command unknown');
  const family = (bytes[13] ?? 0) >> 4;
  const body = bytes.subarray(V2_FIXED, length);
  if (family === V2_INET) {
    if (body.length < 12) return invalid('v2 IPv4 addresses cut short');
    return { kind: 'header', length, source: [...body.subarray(0, 4)].join('.') };
  }
  if (family === V2_INET6) {
    if (body.length < 36) return invalid('v2 IPv6 addresses cut short');
    const groups = Array.from({ length: 8 }, (_, i) => body.readUInt16BE(i * 2).toString(16));
    // The canonical text form (RFC 5952, as Node writes socket addresses): one client, one key.
    return { kind: 'header', length, source: new URL(`http://[${groups.join(':')}]`).hostname.slice(1, -1) };
  }
  // AF_UNSPEC or AF_UNIX: no client address to take.
  return { kind: 'header', length };
}
