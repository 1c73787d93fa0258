import type { z } from 'zod';
import type {
  DeliveriesQuery,
  Delivery,
  DeliveryList,
  FeedKeyCreated,
  ReplayResult,
  SecretRotated,
  Subscription,
  SubscriptionCreateBody,
  SubscriptionCreated,
  SubscriptionList,
  SubscriptionPatchBody,
} from '@rcpx/contracts';
import type { Query, Request } from './methods.ts';

export type { Delivery, Subscription };
/** A webhook subscription as a caller creates it (`url`, optional filters and description). */
export type SubscriptionInput = z.input<typeof SubscriptionCreateBody>;
/** The fields to replace (`active: true` re-enables a disabled one). */
export type SubscriptionPatch = z.input<typeof SubscriptionPatchBody>;
/** A new subscription, with its `whsec_…` secret (shown once). */
export type NewSubscription = z.infer<typeof SubscriptionCreated>;
export type SubscriptionPage = z.infer<typeof SubscriptionList>;
/** `status`, `limit` (1–200, default 50) and the `cursor` of the previous page. */
export type DeliveriesParams = Partial<Omit<z.input<typeof DeliveriesQuery>, 'limit'>> & {
  limit?: number;
};
export type DeliveryPage = z.infer<typeof DeliveryList>;
export type Replayed = z.infer<typeof ReplayResult>;
export type RotatedSecret = z.infer<typeof SecretRotated>;
export type FeedKey = z.infer<typeof FeedKeyCreated>;

/** The webhook methods (participant token; see docs/webhooks.md). */
export interface SubscriptionMethods {
  createSubscription(body: SubscriptionInput): Promise<NewSubscription>;
  /** The token's participant's subscriptions. */
  listSubscriptions(): Promise<SubscriptionPage>;
  getSubscription(id: string): Promise<Subscription>;
  updateSubscription(id: string, patch: SubscriptionPatch): Promise<Subscription>;
  deleteSubscription(id: string): Promise<void>;
  /** The delivery log, newest first. */
  deliveries(id: string, params?: DeliveriesParams): Promise<DeliveryPage>;
  delivery(id: string, deliveryId: number): Promise<Delivery>;
  /** Sends a delivery again (a new delivery of the same event, 202). */
  redeliver(id: string, deliveryId: number): Promise<Delivery>;
  /** Queues again every matching event with a seq above `after` (202). */
  replaySubscription(id: string, after: number): Promise<Replayed>;
  /** A new secret; the previous one keeps signing too until `previousSecretExpiresAt`. */
  rotateSecret(id: string): Promise<RotatedSecret>;
  /** A key for the Atom feeds that reads what the participant may (shown once). */
  createFeedKey(id: string): Promise<FeedKey>;
}

/** The webhook methods over the client's `request` and `withQuery`. */
export function subscriptionMethods(
  request: Request,
  withQuery: (path: string, query?: Query) => string,
): SubscriptionMethods {
  const one = (id: string) => `/v1/subscriptions/${encodeURIComponent(id)}`;
  return {
    createSubscription: (body) => request('POST', '/v1/subscriptions', body),
    listSubscriptions: () => request('GET', '/v1/subscriptions'),
    getSubscription: (id) => request('GET', one(id)),
    updateSubscription: (id, patch) => request('PATCH', one(id), patch),
    deleteSubscription: (id) => request('DELETE', one(id)),
    deliveries: (id, params) => request('GET', withQuery(`${one(id)}/deliveries`, params as Query)),
    delivery: (id, deliveryId) => request('GET', `${one(id)}/deliveries/${deliveryId}`),
    redeliver: (id, deliveryId) => request('POST', `${one(id)}/deliveries/${deliveryId}/redeliver`),
    replaySubscription: (id, after) => request('POST', `${one(id)}/replay`, { after }),
    rotateSecret: (id) => request('POST', `${one(id)}/rotate-secret`),
    createFeedKey: (id) => request('POST', `${one(id)}/feed-key`),
  };
}
