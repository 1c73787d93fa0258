import { createHash } from 'node:crypto';

// The RFC 4122 URL namespace.
const URL_NAMESPACE = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');

/** A name-based (SHA-1, version 5) UUID in the URL namespace: stable ids (feeds, one-per-X aggregates). */
export function uuid5(name: string): string {
  const hash = createHash('sha1').update(URL_NAMESPACE).update(name).digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
