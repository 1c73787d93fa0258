import { createHash } from 'node:crypto';
import { z } from 'zod';

/** `Idempotency-Key` request header: 1..255 visible ASCII characters. */
export const IdempotencyKey = z
  .string()
  .min(1, 'must not be empty')
  .max(255, 'must be at most 255 characters')
  .regex(/^[\x20-\x7e]+$/, 'must be visible ASCII');

/** What a write with an `Idempotency-Key` carries into the log. */
export interface Idempotency {
  /** `Nats-Msg-Id`: sha256(participant + "\n" + key). */
  msgId: string;
  /** `Rcpx-Body-Hash`: sha256 of the canonical request (method, path, body). */
  bodyHash: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** JSON with object keys sorted at every level and no whitespace; `undefined` members dropped. */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) {
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The msg id of a participant's idempotency key. */
export function msgIdFor(participant: string, key: string): string {
  return sha256(`${participant}\n${key}`);
}

/** sha256(method + " " + path + "\n" + canonical JSON of the parsed body). */
export function bodyHashFor(method: string, path: string, body: unknown): string {
  return sha256(`${method.toUpperCase()} ${path}\n${canonicalJson(body ?? {})}`);
}

/** The idempotency of a write, or undefined when the request carries no key. */
export function idempotencyOf(
  key: string | undefined,
  participant: string,
  method: string,
  path: string,
  body: unknown,
): Idempotency | undefined {
  if (key === undefined) return undefined;
  return { msgId: msgIdFor(participant, key), bodyHash: bodyHashFor(method, path, body) };
}
