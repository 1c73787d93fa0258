import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import { liveTokenOf } from '@rcpx/db';
import type { Database } from '@rcpx/db';
import type { FastifyBaseLogger } from 'fastify';
import { countriesOfData, visibilityOfColumns, type MemberLookup } from '@rcpx/contracts';
import { deliverable } from './matching.ts';
import { postWebhook } from './send.ts';
import type { SendResult } from './send.ts';
import type { WebhookSettings } from './settings.ts';
import { webhookHeaders } from './signing.ts';
import type { AllowList } from './target-guard.ts';

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

export const USER_AGENT = 'rcpx-webhooks/1';

/** One claimed delivery with what sending it needs. */
interface Claimed {
  id: number;
  subscription_id: string;
  seq: number;
  event_id: string;
  attempts: number;
  url: string;
  participant: string;
  themes: string[];
  participants: string[];
  types: string[];
  authorised: boolean;
  countries: string[];
  member_states: string[];
  secret: string;
  previous_secret: string | null;
  previous_valid: boolean;
  body: string;
  type: string;
  owner: string;
  event_themes: string[];
  /** The event's visibility: as the read models serve it now when they have it, else its own. */
  vis_level: string;
  vis_rcps: string[];
}

/** Exponential backoff with jitter: base·2^(attempt-1) capped at max, then 50–100 % of it. */
export function backoffDelay(attempt: number, base: number, max: number): number {
  const full = Math.min(max, base * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  return Math.round(full / 2 + (Math.random() * full) / 2);
}

/**
 * Claims up to `batch` due heads (the oldest pending delivery of an active subscription, so
 * each subscription receives in order and the next only after a success) with FOR UPDATE SKIP
 * LOCKED — several workers never send the same delivery at once — and keeps the locks for the
 * duration of the sends; the outcome is written in the same transaction. A crash rolls it back:
 * the delivery is still pending and is sent again with the same webhook-id.
 *
 * Each event is judged under its visibility as the read models in `schema` serve it when the
 * heads are read (its own, narrowed by its item's current audience: `<schema>.events`), or
 * under its own when the read models have not mirrored it yet.
 */
export async function deliverDue(
  db: Db,
  schema: string,
  settings: WebhookSettings,
  allow: AllowList,
  logger: FastifyBaseLogger,
  signal: AbortSignal,
  members?: MemberLookup,
): Promise<number> {
  // The due heads, with each event's visibility as the read models serve it now, read in a
  // statement of its own: the claim transaction below lasts as long as the sends (up to the
  // request timeout) and must hold no lock on the read models, which a rebuild's swap drops.
  const heads = await sql<{ id: number; vis_level: string | null; vis_rcps: string[] | null }>`
    select h.id, ev.vis_level, ev.vis_rcps
    from (
      select h.id, h.seq, h.event_id, h.next_attempt_at from subscriptions s
      cross join lateral (
        select d.id, d.seq, d.event_id, d.next_attempt_at from deliveries d
        where d.subscription_id = s.id and d.status = 'pending'
        order by d.id limit 1
      ) h
      where s.active and h.next_attempt_at <= now()
      order by h.next_attempt_at, h.id
      limit ${settings.RCPX_WEBHOOK_BATCH * (settings.RCPX_WEBHOOK_CONCURRENCY + 1) * 2}
    ) h
    left join ${sql.table(`${schema}.events`)} ev on ev.seq = h.seq and ev.id = h.event_id`.execute(
    db,
  );
  if (heads.rows.length === 0) return 0;
  const ids = heads.rows.map((r) => Number(r.id));
  // the item's current audience once the read models have the event, else its own
  const served = new Map<number, { vis_level: string; vis_rcps: string[] }>();
  for (const r of heads.rows) {
    if (r.vis_level !== null) {
      served.set(Number(r.id), { vis_level: r.vis_level, vis_rcps: r.vis_rcps ?? [] });
    }
  }
  return db.transaction().execute(async (trx) => {
    const claimed = await sql<Claimed>`
      select d.id, d.subscription_id, d.seq, d.event_id, d.attempts,
             s.url, s.participant, s.themes, s.participants, s.types, s.countries, s.member_states,
             s.secret,
             s.previous_secret,
             coalesce(s.previous_secret_expires_at > now(), false) as previous_valid,
             ${liveTokenOf('s.token_id', 's.participant')} as authorised,
             e.body, e.type, e.participant as owner, e.themes as event_themes, e.vis_level, e.vis_rcps
      from deliveries d
      join subscriptions s on s.id = d.subscription_id
      join webhook_events e on e.seq = d.seq
      where d.id = any(${ids}::bigint[]) and d.status = 'pending' and s.active
        and d.next_attempt_at <= now()
      order by d.next_attempt_at, d.id
      limit ${settings.RCPX_WEBHOOK_BATCH}
      for update of d skip locked`.execute(trx);
    for (const c of claimed.rows) Object.assign(c, served.get(Number(c.id)));
    await Promise.all(
      claimed.rows.map((c) => deliverOne(trx, c, settings, allow, logger, signal, members)),
    );
    if (signal.aborted) throw new Error('closing: leave the claimed deliveries pending');
    return claimed.rows.length;
  });
}

async function deliverOne(
  trx: Trx,
  c: Claimed,
  settings: WebhookSettings,
  allow: AllowList,
  logger: FastifyBaseLogger,
  signal: AbortSignal,
  members: MemberLookup | undefined,
): Promise<void> {
  const sub = {
    id: c.subscription_id,
    participant: c.participant,
    themes: c.themes,
    participants: c.participants,
    types: c.types,
    authorised: c.authorised,
    countries: c.countries,
    memberStates: c.member_states,
  };
  const route = {
    type: c.type,
    participant: c.owner,
    themes: c.event_themes,
    // read from the payload only when the subscription filters on countries
    countries: c.countries.length > 0 ? countriesOfData(bodyData(c.body)) : [],
    visibility: visibilityOfColumns(c.vis_level, c.vis_rcps),
  };
  if (!deliverable(sub, route, members)) {
    await trx
      .updateTable('deliveries')
      .set({
        status: 'skipped',
        error:
          'Not sent: the event no longer matches the subscription or is not visible to it ' +
          '(or the token that authorised the subscription was revoked).',
      })
      .where('id', '=', c.id)
      .execute();
    return;
  }
  const secrets =
    c.previous_valid && c.previous_secret ? [c.secret, c.previous_secret] : [c.secret];
  const result = await postWebhook({
    url: c.url,
    body: c.body,
    headers: {
      ...webhookHeaders(secrets, c.event_id, c.body),
      'content-type': 'application/cloudevents+json; charset=utf-8',
      'user-agent': USER_AGENT,
    },
    timeoutMs: settings.RCPX_WEBHOOK_TIMEOUT_MS,
    allow,
    signal,
  });
  if (signal.aborted) return;
  await record(trx, c, result, settings);
  logger.debug(
    { subscription: c.subscription_id, seq: c.seq, status: result.status, error: result.error },
    'webhook attempt',
  );
}

/** The `data` of a stored CloudEvent payload (undefined when it does not parse). */
function bodyData(body: string): unknown {
  try {
    return (JSON.parse(body) as { data?: unknown }).data;
  } catch {
    return undefined;
  }
}

function describe(r: SendResult): string {
  if (r.status === null) return r.error ?? 'no response';
  if (r.status >= 300 && r.status < 400) {
    return `The receiver answered ${r.status}; redirects are not followed.`;
  }
  return `The receiver answered ${r.status}.`;
}

async function record(
  trx: Trx,
  c: Claimed,
  r: SendResult,
  settings: WebhookSettings,
): Promise<void> {
  const ok = r.status !== null && r.status >= 200 && r.status < 300;
  const common = {
    attempts: sql<number>`attempts + 1`,
    last_attempt_at: sql<Date>`now()`,
    response_status: r.status,
    response_body: r.body,
    latency_ms: r.latencyMs,
  };
  if (ok) {
    await trx
      .updateTable('deliveries')
      .set({ ...common, status: 'delivered', delivered_at: sql<Date>`now()`, error: null })
      .where('id', '=', c.id)
      .execute();
    await trx
      .updateTable('subscriptions')
      .set({ failing_since: null })
      .where('id', '=', c.subscription_id)
      .where('failing_since', 'is not', null)
      .execute();
    return;
  }
  const error = describe(r);
  if (r.status === 410) {
    await trx
      .updateTable('deliveries')
      .set({ ...common, error })
      .where('id', '=', c.id)
      .execute();
    await disable(trx, c.subscription_id, 'The receiver answered 410 Gone.');
    return;
  }
  const delay = backoffDelay(
    c.attempts + 1,
    settings.RCPX_WEBHOOK_BACKOFF_MS,
    settings.RCPX_WEBHOOK_BACKOFF_MAX_MS,
  );
  await trx
    .updateTable('deliveries')
    .set({
      ...common,
      error,
      next_attempt_at: sql<Date>`now() + ${delay} * interval '1 millisecond'`,
    })
    .where('id', '=', c.id)
    .execute();
  const sub = await trx
    .updateTable('subscriptions')
    .set({ failing_since: sql<Date>`coalesce(failing_since, now())` })
    .where('id', '=', c.subscription_id)
    .returning(
      sql<boolean>`failing_since <= now() - ${settings.RCPX_WEBHOOK_FAILURE_WINDOW_MS} * interval '1 millisecond'`.as(
        'expired',
      ),
    )
    .returning('failing_since')
    .executeTakeFirst();
  if (sub?.expired) {
    const since = sub.failing_since ? new Date(sub.failing_since).toISOString() : 'long ago';
    await disable(
      trx,
      c.subscription_id,
      `Deliveries have failed since ${since}; last error: ${error}`,
    );
  }
}

async function disable(trx: Trx, id: string, reason: string): Promise<void> {
  await trx
    .updateTable('subscriptions')
    .set({
      active: false,
      disabled_at: sql<Date>`now()`,
      disabled_reason: `${reason} Re-enable with PATCH {"active": true}.`,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
}
