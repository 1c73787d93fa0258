import { z } from 'zod';
import { BaseConfig } from '@rcpx/service-kit';

const ms = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

/** The webhook tunables (environment variables), all optional. */
export const WebhookSettings = z.object({
  /** First retry delay; doubles per attempt (with jitter) up to RCPX_WEBHOOK_BACKOFF_MAX_MS. */
  RCPX_WEBHOOK_BACKOFF_MS: ms(5_000, 1),
  RCPX_WEBHOOK_BACKOFF_MAX_MS: ms(3_600_000, 1),
  /** A subscription failing for this long is disabled (24 h). */
  RCPX_WEBHOOK_FAILURE_WINDOW_MS: ms(86_400_000, 1),
  /** Per-request timeout (10 s). */
  RCPX_WEBHOOK_TIMEOUT_MS: ms(10_000, 1),
  /** How long the previous secret keeps signing after a rotation (24 h). */
  RCPX_WEBHOOK_ROTATION_MS: ms(86_400_000, 0),
  /** Parallel delivery loops per worker process. */
  RCPX_WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Deliveries (each the head of a different subscription) claimed per loop iteration. */
  RCPX_WEBHOOK_BATCH: z.coerce.number().int().min(1).max(100).default(10),
  /** Idle poll interval of the delivery loops. */
  RCPX_WEBHOOK_POLL_MS: ms(500, 10),
  /** Finished deliveries (and unused payloads) older than this are pruned (30 days). */
  RCPX_WEBHOOK_RETENTION_MS: ms(30 * 86_400_000, 1),
  /** How often the worker prunes (1 h). */
  RCPX_WEBHOOK_PRUNE_INTERVAL_MS: ms(3_600_000, 1_000),
  /** Pending deliveries a replay or redelivery may fill a subscription's queue up to. */
  RCPX_WEBHOOK_MAX_PENDING: z.coerce.number().int().min(1).default(10_000),
  /** Whether main.ts runs the fan-out and delivery worker next to the API. */
  RCPX_WEBHOOK_WORKER: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
});
export type WebhookSettings = z.output<typeof WebhookSettings>;

/** The webhooks service's environment: BaseConfig plus the webhook tunables. */
export const WebhooksConfig = BaseConfig.extend(WebhookSettings.shape);
export type WebhooksConfig = z.output<typeof WebhooksConfig>;

/** The defaults of every tunable. */
export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = WebhookSettings.parse({});

/** What the worker and routes need: the allow-list, and any tunables (defaults otherwise). */
export type WebhookConfigInput = Pick<BaseConfig, 'RCPX_WEBHOOK_ALLOW'> & Partial<WebhookSettings>;

export function resolveSettings(config: WebhookConfigInput): WebhookSettings {
  const out = { ...DEFAULT_WEBHOOK_SETTINGS };
  for (const key of Object.keys(out) as (keyof WebhookSettings)[]) {
    const v = config[key];
    if (v !== undefined) (out as Record<string, unknown>)[key] = v;
  }
  return out;
}
