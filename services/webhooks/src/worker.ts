import type { Kysely } from 'kysely';
import { sleep } from '@rcpx/bus';
import type { Bus } from '@rcpx/bus';
import type { Database } from '@rcpx/db';
import { MembershipCache } from '@rcpx/service-kit';
import type { FastifyBaseLogger } from 'fastify';
import { deliverDue } from './deliver.ts';
import { runFanout } from './fanout.ts';
import { pruneDeliveries } from './prune.ts';
import { resolveSettings } from './settings.ts';
import type { WebhookConfigInput } from './settings.ts';
import { parseAllowList } from './target-guard.ts';

export interface WebhookWorkerDeps {
  db: Kysely<Database>;
  bus: Bus;
  logger: FastifyBaseLogger;
  /**
   * `RCPX_WEBHOOK_ALLOW` (parsed, as in BaseConfig), optional tunables and `RCPX_READ_SCHEMA`
   * (default `rm`: each send re-checks the event as its `events` mirror serves it now).
   */
  config: WebhookConfigInput & { RCPX_READ_SCHEMA?: string };
  /** Run the fan-out (log → deliveries) in this process (default true). */
  fanout?: boolean;
  /** Run the delivery loops in this process (default true). */
  deliver?: boolean;
}

/** A running worker. */
export interface WebhookWorker {
  /** Stops the fan-out and the delivery loops; sends in flight are abandoned (left pending). */
  close(): Promise<void>;
  /** Looks for due deliveries now instead of at the next poll. */
  wake(): void;
}

/**
 * Starts the webhook fan-out (one active per database, durable consumer `webhooks`) and
 * `RCPX_WEBHOOK_CONCURRENCY` delivery loops. Any number of workers may run side by side.
 */
export function startWebhookWorker(deps: WebhookWorkerDeps): WebhookWorker {
  const settings = resolveSettings(deps.config);
  const allow = parseAllowList(deps.config.RCPX_WEBHOOK_ALLOW);
  const schema = deps.config.RCPX_READ_SCHEMA ?? 'rm';
  const logger = deps.logger.child({ component: 'webhooks-worker' });
  const ac = new AbortController();
  const { signal } = ac;
  let wakers: (() => void)[] = [];
  const wake = () => {
    const w = wakers;
    wakers = [];
    for (const f of w) f();
  };
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      wakers.push(done);
      signal.addEventListener('abort', done, { once: true });
    });

  // `memberStates`: the current memberships (loaded before the loops start; the fan-out
  // applies the membership events of its batches, and the cache reloads every 30 s)
  const members = new MembershipCache(deps.db, schema, { logger });
  const ready = members.start();
  const loops: Promise<void>[] = [];
  if (deps.fanout !== false) {
    loops.push(
      ready.then(() =>
        runFanout({ db: deps.db, bus: deps.bus, logger, signal, onQueued: wake, members }),
      ),
    );
  }
  if (deps.deliver !== false) {
    for (let i = 0; i < settings.RCPX_WEBHOOK_CONCURRENCY; i++) {
      loops.push(
        (async () => {
          await ready;
          while (!signal.aborted) {
            let sent = 0;
            try {
              sent = await deliverDue(deps.db, schema, settings, allow, logger, signal, members);
            } catch (err) {
              if (signal.aborted) break;
              logger.warn({ err }, 'webhook delivery loop failed; retrying');
            }
            if (sent === 0) await pause(settings.RCPX_WEBHOOK_POLL_MS);
          }
        })(),
      );
    }
  }
  if (deps.deliver !== false) {
    loops.push(
      (async () => {
        while (!signal.aborted) {
          await sleep(settings.RCPX_WEBHOOK_PRUNE_INTERVAL_MS, signal);
          if (signal.aborted) break;
          try {
            const pruned = await pruneDeliveries(deps.db, settings.RCPX_WEBHOOK_RETENTION_MS);
            if (pruned.deliveries > 0) logger.info(pruned, 'pruned old webhook deliveries');
          } catch (err) {
            logger.warn({ err }, 'pruning webhook deliveries failed');
          }
        }
      })(),
    );
  }
  return {
    wake,
    async close() {
      ac.abort();
      wake();
      await Promise.allSettled(loops);
      members.close();
    },
  };
}
