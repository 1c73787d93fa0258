import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const url = (protocols: string[], fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine(
      (s) => {
        try {
          return protocols.includes(new URL(s).protocol);
        } catch {
          return false;
        }
      },
      { message: `must be a URL (${protocols.map((p) => `${p}//`).join(' or ')})` },
    );

/** NATS accepts a comma-separated list of server URLs or host:port pairs. */
const natsUrls = z
  .string()
  .default('nats://127.0.0.1:4222')
  .refine(
    (s) =>
      s
        .split(',')
        .map((p) => p.trim())
        .every((p) => /^(?:(?:nats|tls|ws|wss):\/\/)?[^\s/,]+(?::\d{1,5})?\/?$/.test(p)),
    { message: 'must be a nats:// URL or a comma-separated list of them' },
  );

/** Comma-separated hosts or CIDRs → string[] (empty by default). */
const allowList = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== ''),
  )
  .refine((a) => a.every((p) => /^[A-Za-z0-9.:*_-]+(?:\/\d{1,3})?$/.test(p)), {
    message: 'must be a comma-separated list of hosts or CIDRs',
  });

/** An origin as browsers send it: scheme://host[:port], nothing after. */
function isOrigin(s: string): boolean {
  try {
    const u = new URL(s);
    return ['http:', 'https:'].includes(u.protocol) && u.origin === s;
  } catch {
    return false;
  }
}

/** Comma-separated browser origins → string[] (empty by default); `*` alone means any origin. */
const corsOrigins = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((p) => p.trim().replace(/\/$/, ''))
      .filter((p) => p !== ''),
  )
  .refine((a) => a.every((p) => p === '*' || isOrigin(p)), {
    message: 'must be a comma-separated list of origins like https://rcp.example.org (no path)',
  })
  .refine((a) => !a.includes('*') || a.length === 1, {
    message: 'must be * alone or a list of origins',
  });

const count = (min: number, fallback: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .min(min, `must be ≥ ${min}`)
    .default(fallback);

/**
 * The environment every service reads (see CONTRACT "Running"). Extend it with
 * `BaseConfig.extend({...})` for service-specific variables.
 */
export const BaseConfig = z.object({
  DATABASE_URL: url(['postgres:', 'postgresql:'], 'postgres://postgres@127.0.0.1:5432/rcpx'),
  NATS_URL: natsUrls,
  HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  PORT: z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .min(0, 'must be ≥ 0')
    .max(65535, 'must be ≤ 65535')
    .default(8080),
  RCPX_ADMIN_TOKEN: z.string().optional(),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })
    .default('info'),
  RCPX_WEBHOOK_ALLOW: allowList,
  /** Browser origins that may call the API (CORS); none by default. */
  RCPX_CORS_ORIGINS: corsOrigins,
  RCPX_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a JetStream stream name ([A-Za-z0-9_-], ≤ 64)')
    .default('RCPX'),
  RCPX_SUBJECT_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/, 'must be NATS subject tokens (a.b.c)')
    .default('rcpx'),
  /** Requests per minute per token (per IP when anonymous); 0 turns the limit off. */
  RCPX_RATE_LIMIT: z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .min(0, 'must be ≥ 0')
    .default(6000),
  /** Replicas of the JetStream stream: 1 on a single server, 3 on a 3-node cluster. */
  RCPX_STREAM_REPLICAS: z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .min(1, 'must be ≥ 1')
    .max(5, 'must be ≤ 5')
    .default(1),
  /**
   * An HTTP connection silent this long (nothing sent, or stopped mid-request) is closed; 0 = never.
   * Requests being answered and live streams are not affected.
   */
  RCPX_HTTP_IDLE_TIMEOUT_MS: z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .min(0, 'must be ≥ 0')
    .default(10_000),
  RCPX_READ_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier')
    .default('rm'),
  /** Failed authentications (bearer tokens, feed keys) per address and window; 0: no limit. */
  RCPX_AUTH_FAILURES: count(0, 20),
  /** The window of RCPX_AUTH_FAILURES, in ms. */
  RCPX_AUTH_FAILURE_WINDOW_MS: count(1, 60_000),
  /** How long a credential that matched nothing is refused without a database lookup, in ms. */
  RCPX_AUTH_BAD_TTL_MS: count(1, 30_000),
  /** How many such credentials (and failing addresses) are remembered (LRU). */
  RCPX_AUTH_CACHE_SIZE: count(1, 10_000),
});
export type BaseConfig = z.output<typeof BaseConfig>;

/** One bad environment variable. */
export interface ConfigIssue {
  variable: string;
  message: string;
}

/** Thrown by `loadConfig`; its message lists every bad variable, one per line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly issues: readonly ConfigIssue[];
  constructor(issues: ConfigIssue[]) {
    super(
      `Invalid configuration (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n'),
    );
    this.issues = Object.freeze(issues);
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Parses `env` with `schema` (usually `BaseConfig` or an extension of it). Empty strings count as
 * unset. Returns a deeply frozen object; throws `ConfigError` listing every bad variable.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): Readonly<z.output<S>> {
  const input: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') input[k] = v;
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => ({
        variable: i.path.length > 0 ? i.path.map(String).join('.') : '(config)',
        message: i.message,
      })),
    );
  }
  return deepFreeze(result.data);
}
