import { z } from 'zod';
import { BaseConfig } from '@rcpx/service-kit';

const int = (min: number, fallback: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .min(min, `must be ≥ ${min}`)
    .default(fallback);

/** The live endpoint's environment variables (all optional). */
export const LiveConfig = z.object({
  /** WebSocket ping / SSE comment interval; a WS peer silent for two intervals is dropped. */
  RCPX_LIVE_HEARTBEAT_MS: int(10, 15_000),
  /** Open live connections per token (429 above). */
  RCPX_LIVE_MAX_PER_TOKEN: int(1, 20),
  /** Open live connections per client address (IPv6: per /64), with or without a token (429 above). */
  RCPX_LIVE_MAX_PER_ADDRESS: int(1, 50),
  /** Open live connections in the process (503 above). */
  RCPX_LIVE_MAX_CONNECTIONS: int(1, 10_000),
  /** Bytes queued per connection before it is closed as a slow consumer. */
  RCPX_LIVE_MAX_BUFFER_BYTES: int(1024, 1024 * 1024),
  /** Live events held per connection while it catches up before it is closed as slow. */
  RCPX_LIVE_MAX_PENDING: int(1, 10_000),
  /** How often open connections' tokens are checked for revocation. */
  RCPX_LIVE_REVALIDATE_MS: int(50, 3_000),
  /** Recent events kept in memory for resumes. */
  RCPX_LIVE_RECENT_EVENTS: int(0, 10_000),
});
export type LiveConfig = z.output<typeof LiveConfig>;

/** The gateway's configuration: `BaseConfig` plus `LiveConfig`. */
export const GatewayConfig = BaseConfig.extend(LiveConfig.shape);
export type GatewayConfig = z.output<typeof GatewayConfig>;

/** Tunables of `gatewayRoutes`. */
export interface LiveSettings {
  heartbeatMs: number;
  maxPerToken: number;
  maxPerAddress: number;
  maxConnections: number;
  maxBufferedBytes: number;
  maxPendingFrames: number;
  revalidateMs: number;
}

export const DEFAULT_LIVE_SETTINGS: Readonly<LiveSettings> = Object.freeze(
  liveSettings(LiveConfig.parse({})),
);

/** `LiveSettings` from the environment's `LiveConfig`. */
export function liveSettings(config: LiveConfig): LiveSettings {
  return {
    heartbeatMs: config.RCPX_LIVE_HEARTBEAT_MS,
    maxPerToken: config.RCPX_LIVE_MAX_PER_TOKEN,
    maxPerAddress: config.RCPX_LIVE_MAX_PER_ADDRESS,
    maxConnections: config.RCPX_LIVE_MAX_CONNECTIONS,
    maxBufferedBytes: config.RCPX_LIVE_MAX_BUFFER_BYTES,
    maxPendingFrames: config.RCPX_LIVE_MAX_PENDING,
    revalidateMs: config.RCPX_LIVE_REVALIDATE_MS,
  };
}
