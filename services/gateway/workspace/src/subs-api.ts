// The webhook subscription calls (as the signed-in participant: session cookie + CSRF token),
// and the create form's logic without DOM (unit-tested).

import type { Delivery, Subscription } from '@rcpx/contracts';
import { call } from './api.ts';

export type { Delivery, Subscription };

/** The event types a subscription can be limited to, in the form's order. */
export const ITEM_EVENT_TYPES = [
  'org.rcpx.practice.shared',
  'org.rcpx.practice.revised',
  'org.rcpx.practice.withdrawn',
  'org.rcpx.meeting.outcome.recorded',
  'org.rcpx.meeting.revised',
  'org.rcpx.meeting.withdrawn',
  'org.rcpx.publication.released',
  'org.rcpx.publication.revised',
  'org.rcpx.publication.withdrawn',
] as const;

const base = '/v1/subscriptions';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

export const subsApi = {
  list: () => call<{ items: Subscription[] }>('GET', base),
  get: (id: string) => call<Subscription>('GET', one(id)),
  create: (body: SubscriptionForm) =>
    call<Subscription & { secret: string }>('POST', base, subscriptionBody(body)),
  patch: (id: string, body: { active: boolean }) => call<Subscription>('PATCH', one(id), body),
  remove: (id: string) => call<void>('DELETE', one(id)),
  deliveries: (id: string, cursor?: string) =>
    call<{ items: Delivery[]; nextCursor: string | null }>(
      'GET',
      `${one(id)}/deliveries?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    ),
  redeliver: (id: string, deliveryId: number) =>
    call<Delivery>('POST', `${one(id)}/deliveries/${deliveryId}/redeliver`),
  replay: (id: string, after: number) =>
    call<{ queued: number; after: number; through: number }>('POST', `${one(id)}/replay`, {
      after,
    }),
  rotate: (id: string) =>
    call<{ secret: string; previousSecretExpiresAt: string }>('POST', `${one(id)}/rotate-secret`),
  feedKey: (id: string) =>
    call<{ feedKey: string; feeds: { themes: string; participants: string } }>(
      'POST',
      `${one(id)}/feed-key`,
    ),
};

/** What the create form holds. */
export interface SubscriptionForm {
  url: string;
  description: string;
  themes: string[];
  participants: string[];
  types: string[];
}

/** The `POST /v1/subscriptions` body (empty lists and description left out; nothing checked). */
export function subscriptionBody(f: SubscriptionForm): Record<string, unknown> {
  const body: Record<string, unknown> = { url: f.url.trim() };
  if (f.description.trim()) body.description = f.description.trim();
  if (f.themes.length > 0) body.themes = f.themes;
  if (f.participants.length > 0) body.participants = f.participants;
  if (f.types.length > 0) body.types = f.types;
  return body;
}

/** The fields of the subscription screens an API error can be shown next to. */
export const SUB_FIELDS = ['url', 'description', 'themes', 'participants', 'types', 'after'];

/** The field of an API error path (`body.themes.0` → themes); null for a form-level error. */
export function subFieldOf(path: string): string | null {
  const [where, first] = path.split('.');
  if (where !== 'body' || first === undefined) return null;
  return SUB_FIELDS.includes(first) ? first : null;
}

/** A feed URL of the feed key's templates, with `{theme}`/`{slug}` filled in. */
export function feedUrl(template: string, origin: string, value: string): string {
  return `${origin}${template.replace(/\{(theme|slug)\}/, encodeURIComponent(value))}`;
}
