import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import { consumeBatches, ensureStream, resetDurable } from '@rcpx/bus';
import type { Bus, StoredEvent } from '@rcpx/bus';
import { liveTokenOf } from '@rcpx/db';
import type { MembershipCache } from '@rcpx/service-kit';
import type { Database } from '@rcpx/db';
import type { FastifyBaseLogger } from 'fastify';
import { deliverable, routeOf } from './matching.ts';
import type { RoutedEvent, SubscriptionFilter } from './matching.ts';

/** The durable consumer and checkpoint name of the fan-out. */
export const FANOUT = 'webhooks';
// pg advisory lock key: one active fan-out per database ("rcpx:webhooks:fanout").
const LOCK_KEY = 0x72637078_7768;
const INSERT_CHUNK = 2_000;

type Db = Kysely<Database>;

/** The fan-out's checkpoint (0 before its first batch). */
export async function fanoutCheckpoint(db: Db | Transaction<Database>): Promise<number> {
  const row = await db
    .selectFrom('consumer_checkpoints')
    .select('seq')
    .where('name', '=', FANOUT)
    .executeTakeFirst();
  return row ? Number(row.seq) : 0;
}

/**
 * Applies one batch of the log in ONE transaction: lock the checkpoint row, skip seq ≤
 * checkpoint (redeliveries), insert one pending delivery per (active subscription × event it
 * matches and its participant may read), store each such event's payload once, and move the
 * checkpoint. Returns the number of deliveries queued.
 */
export async function applyBatch(
  db: Db,
  batch: readonly StoredEvent[],
  members?: MembershipCache,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('consumer_checkpoints')
      .values({ name: FANOUT, seq: 0 })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const cp = await trx
      .selectFrom('consumer_checkpoints')
      .select('seq')
      .where('name', '=', FANOUT)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const fresh = batch.filter((e) => e.seq > Number(cp.seq));
    const last = fresh[fresh.length - 1];
    if (!last) return 0;

    const subs = await trx
      .selectFrom('subscriptions as s')
      .select([
        's.id',
        's.participant',
        's.themes',
        's.participants',
        's.types',
        's.countries',
        's.member_states as memberStates',
        's.start_seq',
      ])
      .select(liveTokenOf('s.token_id', 's.participant').as('authorised'))
      .where('s.active', '=', true)
      .where('s.start_seq', '<', last.seq)
      .execute();
    const events = new Map<number, { stored: StoredEvent; route: RoutedEvent }>();
    const deliveries: { subscription_id: string; seq: number; event_id: string }[] = [];
    for (const stored of fresh) {
      // a membership change applies to the events after it (`memberStates`)
      members?.observe(stored.event);
      const route = routeOf(stored.event);
      if (!route) continue; // not routable: no visibility, so nobody is sent it
      for (const s of subs) {
        if (stored.seq <= Number(s.start_seq)) continue;
        if (!deliverable(s as SubscriptionFilter, route, members)) continue;
        events.set(stored.seq, { stored, route });
        deliveries.push({ subscription_id: s.id, seq: stored.seq, event_id: stored.event.id });
      }
    }
    const payloads = [...events.values()].map(({ stored, route }) => ({
      seq: stored.seq,
      id: stored.event.id,
      type: route.type,
      participant: route.participant,
      themes: [...route.themes],
      vis_level: route.visibility.level,
      vis_rcps: route.visibility.level === 'rcps' ? route.visibility.rcps : [],
      body: stored.json,
    }));
    for (let i = 0; i < payloads.length; i += INSERT_CHUNK) {
      await trx
        .insertInto('webhook_events')
        .values(payloads.slice(i, i + INSERT_CHUNK))
        .onConflict((oc) => oc.column('seq').doNothing())
        .execute();
    }
    for (let i = 0; i < deliveries.length; i += INSERT_CHUNK) {
      await trx
        .insertInto('deliveries')
        .values(deliveries.slice(i, i + INSERT_CHUNK))
        .onConflict((oc) =>
          oc.columns(['subscription_id', 'seq']).where('origin', '=', 'log').doNothing(),
        )
        .execute();
    }
    await trx
      .updateTable('consumer_checkpoints')
      .set({ seq: last.seq, updated_at: new Date() })
      .where('name', '=', FANOUT)
      .execute();
    return deliveries.length;
  });
}

export interface FanoutOptions {
  db: Db;
  bus: Bus;
  logger: FastifyBaseLogger;
  signal: AbortSignal;
  /** Called after a batch queued deliveries (wakes the delivery loops). */
  onQueued?: () => void;
  /** The current memberships, for `memberStates` (observes the batches' membership events). */
  members?: MembershipCache;
  /** Pause between attempts to take the fan-out lock (default 2 s). */
  lockRetryMs?: number;
}

/**
 * Runs the fan-out until `signal` aborts: holds a session advisory lock (one active fan-out per
 * database; others wait as hot standbys), then consumes the log with the durable consumer
 * `webhooks` from the checkpoint on. Survives NATS and Postgres restarts.
 */
export async function runFanout(opts: FanoutOptions): Promise<void> {
  const { db, bus, logger, signal } = opts;
  const retryMs = opts.lockRetryMs ?? 2_000;
  while (!signal.aborted) {
    try {
      const held = await db.connection().execute(async (conn) => {
        const got = await sql<{
          ok: boolean;
        }>`select pg_try_advisory_lock(${LOCK_KEY}) as ok`.execute(conn);
        if (!got.rows[0]?.ok) return false;
        const inner = new AbortController();
        const stop = () => inner.abort();
        signal.addEventListener('abort', stop, { once: true });
        // Losing the lock's connection (Postgres restart) ends this term; the loop tries again.
        const watchdog = setInterval(() => {
          sql`select 1`.execute(conn).catch(stop);
        }, 5_000);
        try {
          await ensureStream(bus);
          const cp = await fanoutCheckpoint(db);
          await realign(bus, cp, logger);
          await consumeBatches(bus, {
            durable: FANOUT,
            startSeq: cp + 1,
            signal: inner.signal,
            logger,
            handler: async (batch) => {
              const queued = await applyBatch(db, batch, opts.members);
              if (queued > 0) opts.onQueued?.();
            },
          });
        } finally {
          clearInterval(watchdog);
          signal.removeEventListener('abort', stop);
          await sql`select pg_advisory_unlock(${LOCK_KEY})`.execute(conn).catch(() => {});
        }
        return true;
      });
      if (!held) await sleep(retryMs, undefined, { signal }).catch(() => {});
    } catch (err) {
      if (signal.aborted) break;
      logger.warn({ err }, 'webhooks fan-out failed; retrying');
      await sleep(1_000, undefined, { signal }).catch(() => {});
    }
  }
}

// A durable that acknowledged past our checkpoint (the database was restored or replaced) is
// moved back, so no event between the two is skipped.
async function realign(bus: Bus, cp: number, logger: FastifyBaseLogger): Promise<void> {
  const info = await bus.jsm.consumers.info(bus.stream, FANOUT).catch(() => null);
  if (info && info.ack_floor.stream_seq > cp) {
    logger.warn(
      { durable: FANOUT, ackFloor: info.ack_floor.stream_seq, checkpoint: cp },
      'webhooks durable is ahead of the checkpoint; moving it back',
    );
    await resetDurable(bus, FANOUT, cp + 1);
  }
}
