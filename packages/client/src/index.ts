export { createClient } from './client.ts';
export type { ClientOptions, RcpxClient } from './client.ts';
export type { LiveOptions, LiveStatus } from './live.ts';
export { RcpxError, LiveClosedError } from './errors.ts';
export type * from './types.ts';
export type {
  FollowUpInput,
  FollowUpsParams,
  FollowUpPage,
  FollowUpHistoryPage,
  ParticipantFollowUpSummary,
  FollowUpSummaryPage,
  FollowUpMethods,
} from './follow-ups.ts';
export type { Adoption, ItemVersions, Stats, StatsParams, DetailMethods } from './details.ts';
export type {
  Delivery,
  DeliveriesParams,
  DeliveryPage,
  FeedKey,
  NewSubscription,
  Replayed,
  RotatedSecret,
  Subscription,
  SubscriptionInput,
  SubscriptionMethods,
  SubscriptionPage,
  SubscriptionPatch,
} from './subscriptions.ts';
export type {
  AdminMethods,
  NewToken,
  SkippedEventPage,
  SkippedEventsParams,
  TokenInput,
} from './admin.ts';
