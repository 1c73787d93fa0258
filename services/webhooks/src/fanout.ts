import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Bus, StoredEvent } from '@rcpx/bus';
import { liveTokenOf, runTransaction } from '@rcpx/db';
import type { MembershipCache } from '@rcpx/service-kit';
import type { Database } from '@rcpx/db';
import { startProcessor, type CheckpointedHandler } from '@rcpx/processor';
import type { FastifyBaseLogger } from 'fastify';
import { deliverable, routeOf } from './matching.ts';
import type { RoutedEvent, SubscriptionFilter } from './matching.ts';

/** The durable consumer and checkpoint name of the fan-out. */
export const FANOUT = 'webhooks';
/** The leader lock's name (`advisoryLockKey`) of the fan-out: one active fan-out per database. */
export const FANOUT_LOCK = 'webhooks-fanout';
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

const checkpoints = sql.table('consumer_checkpoints');
const fanoutName = sql.lit(FANOUT);

/**
 * Statements without parameters (`runStatements`) that create the fan-out's checkpoint row if
 * missing and lock it — `share`: against the fan-out's batches; `update`: a batch's own — and
 * read it (the last statement's row: `{ seq }`).
 */
export function lockFanoutRow(mode: 'share' | 'update'): RawBuilder<unknown>[] {
  return [
    sql`insert into ${checkpoints} (name, seq) values (${fanoutName}, 0)
      on conflict (name) do nothing`,
    sql`select seq from ${checkpoints} where name = ${fanoutName} for ${sql.raw(mode)}`,
  ];
}

/**
 * Applies one batch of the log in ONE transaction (`runTransaction`: begun with the checkpoint
 * row locked, committed with it moved, one round trip each): skip seq ≤ checkpoint
 * (redeliveries), insert one pending delivery per (active subscription × event it matches and
 * its participant may read), store each such event's payload once, and move the checkpoint.
 * Returns the number of deliveries queued.
 */
export async function applyBatch(
  db: Db,
  batch: readonly StoredEvent[],
  members?: MembershipCache,
): Promise<number> {
  return runTransaction<{ seq: number }, number>(db, lockFanoutRow('update'), async (trx, [cp]) => {
    const fresh = batch.filter((e) => e.seq > Number(cp!.seq));
    const last = fresh[fresh.length - 1];
    if (!last) return { value: 0 };

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
    return {
      value: deliveries.length,
      beforeCommit: [
        sql`update ${checkpoints} set seq = ${sql.lit(last.seq)}, updated_at = now()
          where name = ${fanoutName}`,
      ],
    };
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
  /** Pause between attempts to take the fan-out lock (default 1 s). */
  lockRetryMs?: number;
}

/** The fan-out as a checkpointed handler: `applyBatch` commits the batch with its checkpoint. */
export function fanoutHandler(
  db: Db,
  onQueued?: () => void,
  members?: MembershipCache,
): CheckpointedHandler<StoredEvent[]> {
  return {
    checkpoint: () => fanoutCheckpoint(db),
    prepare: (batch) => batch,
    async apply(batch) {
      if ((await applyBatch(db, batch, members)) > 0) onQueued?.();
    },
  };
}

/**
 * Runs the fan-out until `signal` aborts: the fan-out handler in a checkpointed processor
 * (@rcpx/processor; one active fan-out per database, the others hot standbys; the durable
 * consumer `webhooks` at the checkpoint + 1). Survives NATS and Postgres restarts.
 */
export async function runFanout(opts: FanoutOptions): Promise<void> {
  const { db, bus, logger, signal } = opts;
  if (signal.aborted) return;
  const processor = startProcessor({
    db,
    bus,
    durable: FANOUT,
    lock: FANOUT_LOCK,
    handler: fanoutHandler(db, opts.onQueued, opts.members),
    logger,
    standbyRetryMs: opts.lockRetryMs,
  });
  await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  await processor.stop();
}
