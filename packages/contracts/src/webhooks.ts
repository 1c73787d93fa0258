import { z } from 'zod';
import { CountryCode, ParticipantSlug, ThemeSlug } from './common.ts';
import { KnownEventTypeParam } from './filters.ts';

// The webhooks API (`/v1/subscriptions…`, feed keys): bodies, answers and query strings.

const isHttpUrl = (s: string) => {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
};

/** A webhook target: an absolute http(s) URL (its host is checked separately). */
export const TargetUrl = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  .refine(isHttpUrl, { message: 'must be an absolute http or https URL' });

const list = <T extends z.ZodType>(item: T) => z.array(item).max(50);
const Description = z.string().trim().min(1).max(500);

/**
 * `POST /v1/subscriptions`. The filters of every list-like read, as JSON lists (OR within a
 * list, AND across lists); empty or absent ones match everything the participant may read.
 * `types` are known event types; `countries` match the countries of an event's data;
 * `memberStates` the events of every process one of these states is a member of.
 */
export const SubscriptionCreateBody = z
  .object({
    url: TargetUrl,
    description: Description.optional(),
    themes: list(ThemeSlug).optional(),
    participants: list(ParticipantSlug).optional(),
    types: list(KnownEventTypeParam).optional(),
    countries: list(CountryCode).optional(),
    memberStates: list(CountryCode).optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type SubscriptionCreateBody = z.infer<typeof SubscriptionCreateBody>;

/** `PATCH /v1/subscriptions/{id}`: fields to replace; `active: true` re-enables. */
export const SubscriptionPatchBody = z
  .object({
    url: TargetUrl,
    description: Description.nullable(),
    themes: list(ThemeSlug),
    participants: list(ParticipantSlug),
    types: list(KnownEventTypeParam),
    countries: list(CountryCode),
    memberStates: list(CountryCode),
    active: z.boolean(),
  })
  .partial()
  .strict()
  .refine((o) => Object.keys(o).length > 0, { message: 'at least one field to change' });
export type SubscriptionPatchBody = z.infer<typeof SubscriptionPatchBody>;

const Stamp = z.string();

/** A subscription as its owner sees it (never its secret). */
export const Subscription = z.object({
  id: z.uuid(),
  participant: z.string(),
  url: z.string(),
  description: z.string().nullable(),
  themes: z.array(z.string()),
  participants: z.array(z.string()),
  types: z.array(z.string()),
  countries: z.array(z.string()),
  memberStates: z.array(z.string()),
  active: z.boolean(),
  /** Events with a seq above this are delivered; earlier ones only by replay. */
  startSeq: z.number().int(),
  failingSince: Stamp.nullable(),
  disabledAt: Stamp.nullable(),
  disabledReason: z.string().nullable(),
  previousSecretExpiresAt: Stamp.nullable(),
  pendingDeliveries: z.number().int(),
  lastDeliveredSeq: z.number().int().nullable(),
  /**
   * Whether the token that created or last re-authorised it (PATCH, feed key) is live: while
   * false, it and its feed key read public items only.
   */
  authorised: z.boolean(),
  createdAt: Stamp,
  updatedAt: Stamp,
});
export type Subscription = z.infer<typeof Subscription>;

export const SubscriptionCreated = Subscription.extend({
  /** `whsec_…`: shown once. */
  secret: z.string(),
});
export const SubscriptionList = z.object({ items: z.array(Subscription) });

/**
 * A delivery is `pending` until a 2xx answer (`delivered`) or until it no longer matches its
 * subscription when its turn comes (`skipped`). Failures are retried; a disabled subscription's
 * deliveries stay pending and are sent when it is re-enabled: no delivery is given up on.
 */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'skipped'] as const;

/** One entry of the delivery log. */
export const Delivery = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  eventId: z.uuid(),
  type: z.string(),
  origin: z.enum(['log', 'replay', 'redelivery']),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  responseStatus: z.number().int().nullable(),
  /** The first ≤ 1 KiB of the last response body. */
  responseBody: z.string().nullable(),
  latencyMs: z.number().int().nullable(),
  error: z.string().nullable(),
  createdAt: Stamp,
  lastAttemptAt: Stamp.nullable(),
  nextAttemptAt: Stamp.nullable(),
  deliveredAt: Stamp.nullable(),
});
export type Delivery = z.infer<typeof Delivery>;
export const DeliveryList = z.object({
  items: z.array(Delivery),
  nextCursor: z.string().nullable(),
});

export const DeliveriesQuery = z.object({
  status: z.enum(DELIVERY_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^[1-9][0-9]{0,15}$/, 'must be a cursor from a previous page')
    .optional(),
});

export const SubscriptionParams = z.object({ id: z.uuid() });
export const DeliveryParams = z.object({
  id: z.uuid(),
  deliveryId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});

/** `POST /v1/subscriptions/{id}/replay`: queue every matching event with seq > after again. */
export const ReplayBody = z
  .object({ after: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) })
  .strict();
export const ReplayResult = z.object({
  queued: z.number().int(),
  after: z.number().int(),
  /** The last seq covered; later events arrive through the normal fan-out. */
  through: z.number().int(),
});

export const SecretRotated = z.object({
  secret: z.string(),
  previousSecretExpiresAt: Stamp,
});

export const FeedKeyCreated = z.object({
  /** Shown once: add it as `?key=` to a feed URL to see what the participant may read. */
  feedKey: z.string(),
  feeds: z.object({ themes: z.string(), participants: z.string() }),
});
