import { pino } from 'pino';
import type { Logger } from 'pino';

/** Query parameters whose values never reach the logs. */
const SECRET_PARAMS = new Set(['access_token']);

/** `url` with the values of secret query parameters (`access_token`) replaced by `[REDACTED]`. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  let hit = false;
  for (const key of params.keys()) if (SECRET_PARAMS.has(key)) hit = true;
  if (!hit) return url;
  const parts: string[] = [];
  for (const [k, v] of params) {
    parts.push(
      `${encodeURIComponent(k)}=${SECRET_PARAMS.has(k) ? '[REDACTED]' : encodeURIComponent(v)}`,
    );
  }
  return `${url.slice(0, q)}?${parts.join('&')}`;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/**
 * The process logger (pino, JSON to stdout). Never logs bearer tokens: `authorization` headers
 * are redacted and `access_token` is stripped from every logged request URL.
 */
export function createLogger(
  config: { LOG_LEVEL?: string },
  destination?: pino.DestinationStream,
): Logger {
  return pino(
    {
      level: config.LOG_LEVEL ?? 'info',
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'headers.authorization',
          'authorization',
          'access_token',
          'req.query.access_token',
        ],
        censor: '[REDACTED]',
      },
      serializers: {
        req: (req: LoggedRequest) => ({
          method: req.method,
          url: req.url === undefined ? undefined : redactUrl(req.url),
          host: req.host,
          remoteAddress: req.ip,
          remotePort: req.socket?.remotePort,
        }),
      },
    },
    destination,
  );
}
