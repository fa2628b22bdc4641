import type { IncomingMessage } from 'node:http';

/**
 * The client's address: the TCP peer, or, behind `trustedHops` proxies that each append the
 * address they saw to X-Forwarded-For, the entry the outermost trusted proxy wrote. Entries left of
 * it are the client's own to write, so they are never believed.
 */
export function sourceAddressOf(request: IncomingMessage, trustedHops: number): string {
  const peer = normalize(request.socket.remoteAddress ?? 'unknown');
  if (trustedHops === 0) return peer;
  const header = request.headers['x-forwarded-for'];
  const entries = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  // The peer is the last proxy; the hops-th entry from the right is what the first one saw.
  const entry = entries[entries.length - trustedHops];
  return entry === undefined ? peer : normalize(entry);
}

/** An IPv4 client seen through a dual-stack socket is the same client as over IPv4. */
function normalize(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
