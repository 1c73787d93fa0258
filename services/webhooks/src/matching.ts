import {
  ANONYMOUS,
  canRead,
  countriesOfData,
  matchesFilters,
  participantOfSource,
  readVisibility,
  routingOf,
} from '@rcpx/contracts';
import type { CloudEvent, MemberLookup, Reader, Visibility } from '@rcpx/contracts';

/** A subscription's filters; an empty list matches everything. */
export interface SubscriptionFilter {
  id: string;
  participant: string;
  themes: readonly string[];
  participants: readonly string[];
  types: readonly string[];
  /** Whether the token that created or last re-authorised it is live (see `liveTokenOf`). */
  authorised: boolean;
  countries: readonly string[];
  /** The events of every process one of these states is a member of (empty: no filter). */
  memberStates: readonly string[];
}

/** What routing an event needs: its type, publisher, themes, countries and visibility. */
export interface RoutedEvent {
  type: string;
  participant: string;
  themes: readonly string[];
  /** `countriesOfData` of its data. */
  countries: readonly string[];
  visibility: Visibility;
}

/**
 * The reader a subscription reads as: its participant (never admin) while the token that
 * authorised it is live, else anonymous (public items only).
 */
export function subscriberReader(
  s: Pick<SubscriptionFilter, 'id' | 'participant' | 'authorised'>,
): Reader {
  if (!s.authorised) return ANONYMOUS;
  return {
    kind: 'participant',
    participant: s.participant,
    role: 'reader',
    tokenId: `subscription:${s.id}`,
  };
}

/**
 * The routing fields of a log event (`routingOf`); null when its data names no visibility at all
 * (such an event goes nowhere).
 */
export function routeOf(event: CloudEvent): RoutedEvent | null {
  if (readVisibility(event.data?.visibility) === undefined) return null;
  const { themes, visibility } = routingOf(event.data);
  return {
    type: event.type,
    participant: participantOfSource(event.source),
    themes,
    countries: countriesOfData(event.data),
    visibility,
  };
}

const some = (list: readonly string[]) => (list.length > 0 ? [...list] : undefined);

/**
 * True when the event passes every non-empty filter of the subscription (`matchesFilters`);
 * `memberStates` is answered by `members` (the current memberships).
 */
export function matchesFilter(
  s: SubscriptionFilter,
  e: RoutedEvent,
  members?: MemberLookup,
): boolean {
  const filters = {
    themes: some(s.themes),
    participants: some(s.participants),
    types: some(s.types),
    countries: some(s.countries),
    memberStates: some(s.memberStates ?? []),
  };
  return matchesFilters(filters, e, members);
}

/** The subscription gets the event: it matches the filters and its participant may read it. */
export function deliverable(
  s: SubscriptionFilter,
  e: RoutedEvent,
  members?: MemberLookup,
): boolean {
  return matchesFilter(s, e, members) && canRead(subscriberReader(s), e.visibility, e.participant);
}
