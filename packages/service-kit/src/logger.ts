import { pino } from 'pino';
import type { Logger } from 'pino';

/** Query parameters whose values never reach the logs (compared case-insensitively). */
const SECRET_PARAMS = new Set([
  'access_token',
  'token',
  'key',
  'api_key',
  'apikey',
  'secret',
  'password',
  'client_secret',
  'refresh_token',
  'id_token',
  'session',
  'csrf',
  'signature',
]);
const isSecretParam = (name: string) => SECRET_PARAMS.has(name.toLowerCase());

/**
 * The exchange's own secrets, wherever they appear in a log line (a URL path, an error message…):
 * bearer tokens `rcpx_…`, feed keys `rcpxfeed_…`, webhook secrets `whsec_…`.
 */
const SECRET_VALUES =
  /\b(?:rcpx_[A-Za-z0-9_-]{43}|rcpxfeed_[A-Za-z0-9_-]{16,}|whsec_[A-Za-z0-9+/]{16,}={0,2})/g;

/** `s` with every bearer token, feed key and webhook secret replaced by `[REDACTED]`. */
export function redactSecrets(s: string): string {
  return s.replace(SECRET_VALUES, '[REDACTED]');
}

/**
 * `url` with the values of secret query parameters (`access_token`, `key`, `token`, `secret`…)
 * and every exchange secret (`rcpx_…`, `rcpxfeed_…`, `whsec_…`) replaced by `[REDACTED]`.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return redactSecrets(url);
  const params = new URLSearchParams(url.slice(q + 1));
  let hit = false;
  for (const key of params.keys()) if (isSecretParam(key)) hit = true;
  if (!hit) return redactSecrets(url);
  const parts: string[] = [];
  for (const [k, v] of params) {
    parts.push(
      `${encodeURIComponent(k)}=${isSecretParam(k) ? '[REDACTED]' : encodeURIComponent(v)}`,
    );
  }
  return redactSecrets(`${url.slice(0, q)}?${parts.join('&')}`);
}

/** Secret-bearing headers, as pino redact paths under each place headers are logged. */
const SECRET_HEADERS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'webhook-secret',
  'x-csrf-token',
];
const REDACT_PATHS = [
  ...['req.headers', 'res.headers', 'headers', 'request.headers', 'response.headers'].flatMap(
    (at) => SECRET_HEADERS.map((h) => `${at}["${h}"]`),
  ),
  'authorization',
  'cookie',
  'access_token',
  'token',
  'secret',
  'feedKey',
  'password',
  '*.access_token',
  '*.token',
  '*.secret',
  '*.feedKey',
  '*.password',
  ...['req.query', 'query'].flatMap((at) =>
    ['access_token', 'key', 'token'].map((k) => `${at}.${k}`),
  ),
];

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/**
 * The process logger (pino, JSON to stdout). Never logs a secret: secret headers (authorization,
 * cookie, set-cookie…) and fields (`token`, `secret`, `feedKey`…) are redacted, secret query
 * parameters (`access_token`, `key`, `token`…) are stripped from every logged request URL, and
 * any bearer token, feed key or webhook secret left in a line is replaced before it is written.
 */
export function createLogger(
  config: { LOG_LEVEL?: string },
  destination?: pino.DestinationStream,
): Logger {
  return pino(
    {
      level: config.LOG_LEVEL ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      serializers: {
        req: (req: LoggedRequest) => ({
          method: req.method,
          url: req.url === undefined ? undefined : redactUrl(req.url),
          host: req.host,
          remoteAddress: req.ip,
          remotePort: req.socket?.remotePort,
        }),
      },
      hooks: { streamWrite: redactSecrets },
    },
    destination,
  );
}
