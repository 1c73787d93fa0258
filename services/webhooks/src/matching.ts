import { ANONYMOUS, canRead, participantOfSource, RoutingFields } from '@rcpx/contracts';
import type { CloudEvent, Reader, Visibility } from '@rcpx/contracts';

/** A subscription's filters; an empty list matches everything. */
export interface SubscriptionFilter {
  id: string;
  participant: string;
  themes: readonly string[];
  participants: readonly string[];
  types: readonly string[];
  /** Whether the token that created or last re-authorised it is live (see `liveTokenOf`). */
  authorised: boolean;
}

/** What routing an event needs: its type, publisher, themes and visibility. */
export interface RoutedEvent {
  type: string;
  participant: string;
  themes: readonly string[];
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

/** The routing fields of a log event; null when they are missing (such an event goes nowhere). */
export function routeOf(event: CloudEvent): RoutedEvent | null {
  const parsed = RoutingFields.safeParse(event.data);
  if (!parsed.success) return null;
  return {
    type: event.type,
    participant: participantOfSource(event.source),
    themes: parsed.data.themes,
    visibility: parsed.data.visibility,
  };
}

/** The visibility stored as columns (`vis_level`, `vis_rcps`). */
export function visibilityOf(level: string, rcps: readonly string[]): Visibility | null {
  if (level === 'public') return { level: 'public' };
  if (level === 'members') return { level: 'members' };
  if (level === 'rcps') return { level: 'rcps', rcps: [...rcps] };
  return null;
}

/** True when the event passes every non-empty filter of the subscription. */
export function matchesFilter(s: SubscriptionFilter, e: RoutedEvent): boolean {
  if (s.types.length > 0 && !s.types.includes(e.type)) return false;
  if (s.participants.length > 0 && !s.participants.includes(e.participant)) return false;
  if (s.themes.length > 0 && !e.themes.some((t) => s.themes.includes(t))) return false;
  return true;
}

/** The subscription gets the event: it matches the filters and its participant may read it. */
export function deliverable(s: SubscriptionFilter, e: RoutedEvent): boolean {
  return matchesFilter(s, e) && canRead(subscriberReader(s), e.visibility, e.participant);
}
