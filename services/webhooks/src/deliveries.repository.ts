import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Reader } from '@rcpx/contracts';
import { eventMatches, readModels, visibleTo } from '@rcpx/db';
import type { Database, DeliveryRow, DeliveryStatus } from '@rcpx/db';
import { subscriberReader } from './matching.ts';
import type { Delivery } from '@rcpx/contracts';
import { holdFanout } from './subscriptions.repository.ts';

type Db = Kysely<Database>;

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

/** Queues one delivery's event again (a new delivery, same webhook-id), at the queue's end. */
export async function redeliver(
  db: Db,
  subscriptionId: string,
  id: number,
): Promise<Delivery | undefined> {
  const row = await db
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
  return row ? getDelivery(db, subscriptionId, Number(row.id)) : undefined;
}

/** Thrown when the read models are behind the fan-out (replay then answers 503). */
export class ReadModelsBehindError extends Error {
  override readonly name = 'ReadModelsBehindError';
}

/**
 * Queues again every event with `after` < seq ≤ the fan-out checkpoint that matches the
 * subscription's filters and its participant may read (from the mirrored log in `schema`),
 * holding the fan-out meanwhile, so together with the fan-out every later event comes exactly
 * once more. Throws ReadModelsBehindError when the read models have not reached the checkpoint.
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
  },
  after: number,
): Promise<{ queued: number; after: number; through: number }> {
  return db.transaction().execute(async (trx) => {
    const through = await holdFanout(trx);
    const rm = readModels(trx as unknown as Db, schema);
    // the read models are at the minimum of their projections' checkpoints
    const cp = await rm
      .selectFrom('checkpoint')
      .select((eb) => eb.fn.min('seq').as('seq'))
      .executeTakeFirst();
    if (Number(cp?.seq ?? 0) < through) {
      throw new ReadModelsBehindError(`read models at ${cp?.seq ?? 0}, fan-out at ${through}`);
    }
    if (through <= after) return { queued: 0, after, through };
    const reader: Reader = subscriberReader(sub);
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
