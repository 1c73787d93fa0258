import type { lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { AllowList } from './target-guard.ts';
import { assertAddresses, guardedLookup, hostOf } from './target-guard.ts';

/** At most this much of a response body is kept. */
export const MAX_RESPONSE_BYTES = 1024;

/** The outcome of one attempt: a status (any, 2xx meaning delivered) or a transport error. */
export interface SendResult {
  status: number | null;
  /** The first ≤ 1 KiB of the response body. */
  body: string | null;
  error: string | null;
  latencyMs: number;
}

export interface PostOptions {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allow: AllowList;
  signal?: AbortSignal;
}

/**
 * POSTs `body` to `url` once: redirects are not followed, the whole exchange is bounded by
 * `timeoutMs`, only public (or allowed) addresses are connected to — checked on the addresses
 * actually used, so a DNS answer changed since the subscription was made cannot reach inside.
 */
export function postWebhook(opts: PostOptions): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let url: URL;
  try {
    url = new URL(opts.url);
    const host = hostOf(url);
    if (isIP(host) !== 0) assertAddresses(host, [host], opts.allow);
  } catch (err) {
    return Promise.resolve({
      status: null,
      body: null,
      error: (err as Error).message,
      latencyMs: elapsed(),
    });
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let status: number | null = null;
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const body = status === null ? null : Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES);
      resolve({ status, body: body?.toString('utf8') ?? null, error, latencyMs: elapsed() });
      req.destroy();
    };
    const req = client.request(url, {
      method: 'POST',
      headers: { ...opts.headers, 'content-length': String(Buffer.byteLength(opts.body)) },
      lookup: guardedLookup(opts.allow) as unknown as typeof dnsLookup,
      agent: false,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const timer = setTimeout(
      () => finish(status === null ? `timed out after ${opts.timeoutMs} ms` : null),
      opts.timeoutMs,
    );
    req.on('response', (res) => {
      status = res.statusCode ?? null;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_RESPONSE_BYTES) chunks.push(chunk);
        size += chunk.length;
        if (size >= MAX_RESPONSE_BYTES) finish(null);
      });
      res.on('end', () => finish(null));
      res.on('error', () => finish(null));
      res.on('close', () => finish(null));
    });
    req.on('error', (err) => finish(err.message || String(err)));
    req.end(opts.body);
  });
}
