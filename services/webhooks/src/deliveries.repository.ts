import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { Reader } from '@rcpx/contracts';
import {
  eventMatches,
  liveTokenOf,
  readModels,
  readModelsCheckpoint,
  visibleTo,
  withMemberOf,
} from '@rcpx/db';
import type { Database, DeliveryRow, DeliveryStatus } from '@rcpx/db';
import { subscriberReader } from './matching.ts';
import type { Delivery } from '@rcpx/contracts';
import { holdFanout } from './subscriptions.repository.ts';

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

function view(r: DeliveryRow & { type: string }): Delivery {
  return {
    id: Number(r.id),
    seq: Number(r.seq),
    eventId: r.event_id,
    type: r.type,
    origin: r.origin,
    status: r.status,
    attempts: r.attempts,
    responseStatus: r.response_status,
    responseBody: r.response_body,
    latencyMs: r.latency_ms,
    error: r.error,
    createdAt: iso(r.created_at)!,
    lastAttemptAt: iso(r.last_attempt_at),
    nextAttemptAt: r.status === 'pending' ? iso(r.next_attempt_at) : null,
    deliveredAt: iso(r.delivered_at),
  };
}

function selectDeliveries(db: Db) {
  return db
    .selectFrom('deliveries as d')
    .innerJoin('webhook_events as e', 'e.seq', 'd.seq')
    .selectAll('d')
    .select('e.type');
}

/** The delivery log of one subscription, newest first. */
export async function listDeliveries(
  db: Db,
  subscriptionId: string,
  q: { status?: DeliveryStatus | undefined; limit: number; cursor?: string | undefined },
): Promise<{ items: Delivery[]; nextCursor: string | null }> {
  let query = selectDeliveries(db).where('d.subscription_id', '=', subscriptionId);
  if (q.status !== undefined) query = query.where('d.status', '=', q.status);
  if (q.cursor !== undefined) query = query.where('d.id', '<', Number(q.cursor) as never);
  const rows = await query
    .orderBy('d.id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit).map(view);
  const last = page[page.length - 1];
  return { items: page, nextCursor: rows.length > q.limit && last ? String(last.id) : null };
}

export async function getDelivery(
  db: Db,
  subscriptionId: string,
  id: number,
): Promise<Delivery | undefined> {
  const row = await selectDeliveries(db)
    .where('d.subscription_id', '=', subscriptionId)
    .where('d.id', '=', id as never)
    .executeTakeFirst();
  return row && view(row);
}

/** Thrown when a subscription's queue already holds the most pending deliveries allowed. */
export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';
}

/**
 * Serialises the replays and redeliveries of one subscription (a transaction-scoped advisory
 * lock) and returns how many more pending deliveries its queue may take.
 */
async function lockQueue(trx: Trx, subscriptionId: string, maxPending: number): Promise<number> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`rcpx:queue:${subscriptionId}`}, 0))`.execute(
    trx,
  );
  const r = await trx
    .selectFrom('deliveries')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('subscription_id', '=', subscriptionId)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return maxPending - Number(r.n);
}

const queueFull = (max: number) =>
  new QueueFullError(
    `The subscription already has ${max} pending deliveries, the most allowed; ` +
      'try again once they have been delivered.',
  );

/**
 * Queues one delivery's event again (a new delivery, same webhook-id), at the queue's end.
 * Throws QueueFullError when the queue already holds `maxPending` pending deliveries.
 */
export async function redeliver(
  db: Db,
  subscriptionId: string,
  id: number,
  maxPending: number,
): Promise<Delivery | undefined> {
  const row = await db.transaction().execute(async (trx) => {
    if ((await lockQueue(trx, subscriptionId, maxPending)) <= 0) throw queueFull(maxPending);
    return insertRedelivery(trx, subscriptionId, id);
  });
  return row ? getDelivery(db, subscriptionId, Number(row.id)) : undefined;
}

function insertRedelivery(trx: Trx, subscriptionId: string, id: number) {
  return trx
    .insertInto('deliveries')
    .columns(['subscription_id', 'seq', 'event_id', 'origin'])
    .expression((eb) =>
      eb
        .selectFrom('deliveries')
        .select([
          'subscription_id',
          'seq',
          'event_id',
          sql<'redelivery'>`'redelivery'`.as('origin'),
        ])
        .where('subscription_id', '=', subscriptionId)
        .where('id', '=', id as never),
    )
    .returning('id')
    .executeTakeFirst();
}

/** Thrown when the read models are behind the fan-out (replay then answers 503). */
export class ReadModelsBehindError extends Error {
  override readonly name = 'ReadModelsBehindError';
}

/**
 * Queues again every event with `after` < seq ≤ the fan-out checkpoint that matches the
 * subscription's filters and its participant may read (from the mirrored log in `schema`),
 * holding the fan-out meanwhile, so together with the fan-out every later event comes exactly
 * once more. Replays of one subscription run one at a time, and an event already pending in its
 * queue is not queued twice (overlapping replays coalesce). At most `maxPending` deliveries are
 * pending afterwards: a replay that does not fit stops early and `through` says where it
 * stopped; one that finds the queue full throws QueueFullError. Throws ReadModelsBehindError
 * when the read models have not reached the checkpoint.
 */
export async function replay(
  db: Db,
  schema: string,
  sub: {
    id: string;
    participant: string;
    themes: string[];
    participants: string[];
    types: string[];
    countries: string[];
    memberStates?: string[];
  },
  after: number,
  maxPending: number,
): Promise<{ queued: number; after: number; through: number }> {
  return db.transaction().execute(async (trx) => {
    let through = await holdFanout(trx);
    const rm = readModels(trx as unknown as Db, schema);
    const cp = await readModelsCheckpoint(trx, schema);
    if (cp < through) {
      throw new ReadModelsBehindError(`read models at ${cp}, fan-out at ${through}`);
    }
    if (through <= after) return { queued: 0, after, through };
    const { authorised } = await trx
      .selectFrom('subscriptions as s')
      .select(liveTokenOf('s.token_id', 's.participant').as('authorised'))
      .where('s.id', '=', sub.id)
      .executeTakeFirstOrThrow();
    const reader: Reader = subscriberReader({ ...sub, authorised });
    let events = rm
      .selectFrom('events as ev')
      .where('ev.seq', '>', after)
      .where('ev.seq', '<=', through)
      .where(visibleTo(reader, 'ev'));
    if (sub.themes.length > 0) {
      events = events.where(sql<boolean>`ev.themes && ${sql.val(sub.themes)}::text[]`);
    }
    if (sub.participants.length > 0)
      events = events.where('ev.participant', 'in', sub.participants);
    if (sub.types.length > 0) events = events.where('ev.type', 'in', sub.types);
    if (sub.countries.length > 0)
      events = events.where(eventMatches({ countries: sub.countries }, 'ev'));
    if (sub.memberStates && sub.memberStates.length > 0) {
      const f = await withMemberOf(trx, schema, { memberStates: sub.memberStates });
      events = events.where(eventMatches(f, 'ev'));
    }
    // Overlapping replays coalesce: what is pending already is not queued again.
    events = events.where(
      sql<boolean>`not exists (select 1 from public.deliveries p where p.subscription_id = ${sub.id}::uuid and p.seq = ev.seq and p.status = 'pending')`,
    );
    const room = await lockQueue(trx, sub.id, maxPending);
    const wanted = await events
      .select('ev.seq')
      .orderBy('ev.seq')
      .limit(Math.max(room, 0) + 1)
      .execute();
    if (wanted.length === 0) return { queued: 0, after, through };
    if (room <= 0) throw queueFull(maxPending);
    if (wanted.length > room) {
      through = Number(wanted[room - 1]!.seq);
      events = events.where('ev.seq', '<=', through);
    }

    await trx
      .insertInto('webhook_events')
      .columns(['seq', 'id', 'type', 'participant', 'themes', 'vis_level', 'vis_rcps', 'body'])
      .expression(
        events.select([
          'ev.seq',
          'ev.id',
          'ev.type',
          'ev.participant',
          'ev.themes',
          'ev.vis_level',
          'ev.vis_rcps',
          sql<string>`jsonb_set(ev.envelope, '{rcpxseq}', to_jsonb(ev.seq))::text`.as('body'),
        ]),
      )
      // Touching an existing payload keeps the pruner (which skips recent rows) off it.
      .onConflict((oc) => oc.column('seq').doUpdateSet({ created_at: sql<Date>`now()` }))
      .execute();
    const inserted = await trx
      .insertInto('deliveries')
      .columns(['subscription_id', 'seq', 'event_id', 'origin'])
      .expression(
        events
          .select([
            sql<string>`${sub.id}::uuid`.as('subscription_id'),
            'ev.seq',
            'ev.id',
            sql<'replay'>`'replay'`.as('origin'),
          ])
          .orderBy('ev.seq'),
      )
      .executeTakeFirst();
    return { queued: Number(inserted.numInsertedOrUpdatedRows ?? 0n), after, through };
  });
}
