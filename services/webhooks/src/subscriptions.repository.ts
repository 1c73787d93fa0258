import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import { liveTokenOf, runStatements } from '@rcpx/db';
import type { Database, SubscriptionRow } from '@rcpx/db';
import { lockFanoutRow } from './fanout.ts';
import type { Subscription, SubscriptionCreateBody, SubscriptionPatchBody } from '@rcpx/contracts';
import { generateSecret } from './signing.ts';

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

type ViewRow = SubscriptionRow & {
  pending: number;
  last_delivered: number | null;
  authorised: boolean;
};

function view(r: ViewRow): Subscription {
  const expires = r.previous_secret_expires_at;
  return {
    id: r.id,
    participant: r.participant,
    url: r.url,
    description: r.description,
    themes: r.themes,
    participants: r.participants,
    types: r.types,
    countries: r.countries,
    memberStates: r.member_states,
    active: r.active,
    startSeq: Number(r.start_seq),
    failingSince: iso(r.failing_since),
    disabledAt: iso(r.disabled_at),
    disabledReason: r.disabled_reason,
    previousSecretExpiresAt: expires && new Date(expires) > new Date() ? iso(expires) : null,
    pendingDeliveries: Number(r.pending),
    lastDeliveredSeq: r.last_delivered === null ? null : Number(r.last_delivered),
    authorised: r.authorised,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

function selectViews(db: Db | Trx) {
  return db
    .selectFrom('subscriptions as s')
    .selectAll('s')
    .select([
      sql<number>`(select count(*) from deliveries d where d.subscription_id = s.id and d.status = 'pending')`.as(
        'pending',
      ),
      sql<
        number | null
      >`(select max(d.seq) from deliveries d where d.subscription_id = s.id and d.status = 'delivered')`.as(
        'last_delivered',
      ),
      liveTokenOf('s.token_id', 's.participant').as('authorised'),
    ]);
}

/**
 * Locks the fan-out checkpoint against the fan-out (FOR SHARE) for the rest of `trx`: a batch
 * in progress commits first, and none commits until `trx` does, so a subscription made or a
 * replay queued in `trx` sits exactly between two batches. Returns the checkpoint.
 */
export async function holdFanout(trx: Trx): Promise<number> {
  const [row] = await runStatements<{ seq: number }>(trx, lockFanoutRow('share'));
  return Number(row!.seq);
}

/** Thrown by `createSubscription` when the participant already has `max` subscriptions. */
export class SubscriptionLimitError extends Error {
  override readonly name = 'SubscriptionLimitError';
}

/**
 * Creates a subscription receiving events after `lastSeq()` (read while the fan-out is held).
 * At most `max` per participant: the count and the insert run under a transaction-scoped
 * advisory lock of the participant, so concurrent creates cannot pass the cap together.
 */
export async function createSubscription(
  db: Db,
  participant: string,
  body: SubscriptionCreateBody,
  lastSeq: () => Promise<number>,
  max: number,
  tokenId: string | null,
): Promise<Subscription & { secret: string }> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`rcpx:subscriptions:${participant}`}, 0))`.execute(
      trx,
    );
    if ((await countSubscriptions(trx, participant)) >= max) {
      throw new SubscriptionLimitError(`A participant may have at most ${max} subscriptions.`);
    }
    await holdFanout(trx);
    const startSeq = await lastSeq();
    const secret = generateSecret();
    const row = await trx
      .insertInto('subscriptions')
      .values({
        participant,
        url: body.url,
        description: body.description ?? null,
        themes: body.themes ?? [],
        participants: body.participants ?? [],
        types: body.types ?? [],
        countries: body.countries ?? [],
        member_states: body.memberStates ?? [],
        active: body.active ?? true,
        secret,
        start_seq: startSeq,
        token_id: tokenId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const created = await selectViews(trx).where('s.id', '=', row.id).executeTakeFirstOrThrow();
    return { ...view(created), secret };
  });
}

export async function countSubscriptions(db: Db | Trx, participant: string): Promise<number> {
  const r = await db
    .selectFrom('subscriptions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('participant', '=', participant)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function listSubscriptions(db: Db, participant: string): Promise<Subscription[]> {
  const rows = await selectViews(db)
    .where('s.participant', '=', participant)
    .orderBy('s.created_at')
    .orderBy('s.id')
    .execute();
  return rows.map(view);
}

/** The participant's subscription, or undefined (also when it is another participant's). */
export async function getSubscription(
  db: Db,
  participant: string,
  id: string,
): Promise<Subscription | undefined> {
  const row = await selectViews(db)
    .where('s.id', '=', id)
    .where('s.participant', '=', participant)
    .executeTakeFirst();
  return row && view(row);
}

/**
 * Applies a patch; `active: true` clears the disabled state and makes the queue due now. The
 * patching token (`tokenId`, live) re-authorises the subscription and its feed key.
 */
export async function updateSubscription(
  db: Db,
  participant: string,
  id: string,
  patch: SubscriptionPatchBody,
  tokenId: string | null,
): Promise<Subscription | undefined> {
  return db.transaction().execute(async (trx) => {
    const found = await trx
      .updateTable('subscriptions')
      .set({
        ...(patch.url !== undefined ? { url: patch.url } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.themes !== undefined ? { themes: patch.themes } : {}),
        ...(patch.participants !== undefined ? { participants: patch.participants } : {}),
        ...(patch.types !== undefined ? { types: patch.types } : {}),
        ...(patch.countries !== undefined ? { countries: patch.countries } : {}),
        ...(patch.memberStates !== undefined ? { member_states: patch.memberStates } : {}),
        ...(patch.active !== undefined ? { active: patch.active } : {}),
        ...(patch.active === true
          ? { disabled_at: null, disabled_reason: null, failing_since: null }
          : {}),
        ...(tokenId !== null ? { token_id: tokenId } : {}),
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', id)
      .where('participant', '=', participant)
      .returning('id')
      .executeTakeFirst();
    if (!found) return undefined;
    if (patch.active === true) {
      await trx
        .updateTable('deliveries')
        .set({ next_attempt_at: sql<Date>`now()` })
        .where('subscription_id', '=', id)
        .where('status', '=', 'pending')
        .execute();
    }
    return view(await selectViews(trx).where('s.id', '=', id).executeTakeFirstOrThrow());
  });
}

export async function deleteSubscription(
  db: Db,
  participant: string,
  id: string,
): Promise<boolean> {
  const r = await db
    .deleteFrom('subscriptions')
    .where('id', '=', id)
    .where('participant', '=', participant)
    .executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/** New secret; the old one keeps signing (a second signature) for `overlapMs`. */
export async function rotateSecret(
  db: Db,
  participant: string,
  id: string,
  overlapMs: number,
): Promise<{ secret: string; previousSecretExpiresAt: string } | undefined> {
  const secret = generateSecret();
  const row = await db
    .updateTable('subscriptions')
    .set({
      previous_secret: sql<string>`secret`,
      previous_secret_expires_at: sql<Date>`now() + ${overlapMs} * interval '1 millisecond'`,
      secret,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .where('participant', '=', participant)
    .returning('previous_secret_expires_at')
    .executeTakeFirst();
  if (!row) return undefined;
  return { secret, previousSecretExpiresAt: iso(row.previous_secret_expires_at)! };
}

/** SHA-256 hex of a feed key. */
export function hashFeedKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * Issues (or replaces) the subscription's secret feed key; only its hash is kept. The issuing
 * token (`tokenId`) re-authorises the subscription and the key.
 */
export async function issueFeedKey(
  db: Db,
  participant: string,
  id: string,
  tokenId: string | null,
): Promise<string | undefined> {
  const key = `rcpxfeed_${randomBytes(24).toString('base64url')}`;
  const r = await db
    .updateTable('subscriptions')
    .set({
      feed_key_hash: hashFeedKey(key),
      ...(tokenId !== null ? { token_id: tokenId } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .where('participant', '=', participant)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n ? key : undefined;
}
