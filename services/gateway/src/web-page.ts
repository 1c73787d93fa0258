import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WebAsset } from './web-bundle.ts';

/**
 * Content-Security-Policy of the exchange's own pages (dashboard, workspace): their own origin
 * only (scripts, styles, the API and the live WebSocket), nothing inline, no framing.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'content-security-policy': PAGE_CSP,
  'x-content-type-options': 'nosniff',
  // A page may carry `access_token` in its URL: never send it on.
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** Cache-Control of a page (revalidated on every load) and of a content-hashed asset. */
export const PAGE_CACHE = 'no-cache';
export const ASSET_CACHE = 'public, max-age=31536000, immutable';

function matches(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (header === undefined) return false;
  return header === '*' || header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/** Answers a built file with the pages' security headers, its ETag (304 on a match). */
export function sendWebAsset(
  request: FastifyRequest,
  reply: FastifyReply,
  file: WebAsset,
  cacheControl: string,
) {
  reply.headers({ ...SECURITY_HEADERS, 'cache-control': cacheControl, etag: file.etag });
  if (matches(request, file.etag)) return reply.code(304).send();
  return reply.type(file.contentType).send(file.body);
}
