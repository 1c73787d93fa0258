import type { ColumnType, Generated, Selectable } from 'kysely';

type BigSeq = ColumnType<number, number, number>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Stamp = ColumnType<Date, Date | undefined, Date>;

/** `public.consumer_checkpoints`: last seq handled by a log consumer writing to `public`. */
export interface ConsumerCheckpointsTable {
  name: string;
  seq: BigSeq;
  updated_at: Stamp;
}

/** `public.subscriptions`: a participant's webhook target, filters and signing secret(s). */
export interface SubscriptionsTable {
  id: Generated<string>;
  participant: string;
  url: string;
  description: string | null;
  themes: Defaulted<string[]>;
  participants: Defaulted<string[]>;
  types: Defaulted<string[]>;
  countries: Defaulted<string[]>;
  /** `memberStates`: the events of every process one of these states is a member of. */
  member_states: Defaulted<string[]>;
  active: Defaulted<boolean>;
  /** `whsec_<base64>`; needed in clear to sign. */
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  /** Events with seq > start_seq are delivered (the log's last seq at creation). */
  start_seq: BigSeq;
  failing_since: Date | null;
  disabled_at: Date | null;
  disabled_reason: string | null;
  /** SHA-256 hex of the secret Atom feed key, if one was issued. */
  feed_key_hash: string | null;
  /**
   * The token that created or last re-authorised the subscription; it and its feed key read as
   * that token: public items only once it is revoked (or when null).
   */
  token_id: Defaulted<string | null>;
  created_at: Stamp;
  updated_at: Stamp;
}
export type SubscriptionRow = Selectable<SubscriptionsTable>;

/** `public.webhook_events`: the payload of each seq some subscription receives (sent as is). */
export interface WebhookEventsTable {
  seq: BigSeq;
  id: string;
  type: string;
  participant: string;
  themes: string[];
  vis_level: 'public' | 'members' | 'rcps';
  vis_rcps: Defaulted<string[]>;
  /** The CloudEvent JSON, exactly the bytes signed and sent on every attempt. */
  body: string;
  created_at: Stamp;
}
export type WebhookEventRow = Selectable<WebhookEventsTable>;

/** No delivery is given up on: a failed one stays pending (see migration …T1900). */
export type DeliveryStatus = 'pending' | 'delivered' | 'skipped';
export type DeliveryOrigin = 'log' | 'replay' | 'redelivery';

/** `public.deliveries`: the per-subscription queue (ordered by id) and the delivery log. */
export interface DeliveriesTable {
  id: ColumnType<number, never, never>;
  subscription_id: string;
  seq: BigSeq;
  event_id: string;
  origin: Defaulted<DeliveryOrigin>;
  status: Defaulted<DeliveryStatus>;
  attempts: Defaulted<number>;
  next_attempt_at: Stamp;
  last_attempt_at: Date | null;
  delivered_at: Date | null;
  response_status: number | null;
  response_body: string | null;
  latency_ms: number | null;
  error: string | null;
  created_at: Stamp;
}
export type DeliveryRow = Selectable<DeliveriesTable>;
