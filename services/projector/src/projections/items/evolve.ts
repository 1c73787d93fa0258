import { REVISED_TYPES, WITHDRAWN_TYPES, type Visibility } from '@rcpx/contracts';
import type { ProjectedEvent } from '../../decode.ts';
import { ITEM_EVENT_TYPES, type ItemState } from './types.ts';

type Localized = ItemState['title'];

function visibilityColumns(v: Visibility): Pick<ItemState, 'vis_level' | 'vis_rcps'> {
  return { vis_level: v.level, vis_rcps: v.level === 'rcps' ? [...v.rcps] : [] };
}

/** An item's title in its data (a meeting's is `meeting.title`). */
export function titleOf(kind: string, data: Record<string, unknown>): Localized {
  const source = kind === 'meeting' ? (data.meeting as { title?: unknown } | undefined) : data;
  return (source?.title ?? {}) as Localized;
}

function countriesOf(kind: string, data: Record<string, unknown>): string[] {
  if (kind === 'practice') return [...((data.countries as string[] | undefined) ?? [])];
  if (kind === 'meeting') {
    const host = (data.meeting as { hostCountry?: string } | undefined)?.hostCountry;
    return host ? [host] : [];
  }
  return [];
}

/** The state an event's full data describes (shared, revised, recorded, released). */
function fromData(
  prior: ItemState | undefined,
  e: ProjectedEvent,
  data: Record<string, unknown>,
): ItemState {
  return {
    id: e.itemId,
    kind: e.kind,
    participant: prior?.participant ?? e.participant,
    version: e.version,
    status: 'active',
    themes: [...e.themes],
    countries: countriesOf(e.kind, data),
    ...visibilityColumns(e.visibility),
    title: titleOf(e.kind, data),
    summary: (data.summary as Localized | undefined) ?? null,
    data,
    created_seq: prior?.created_seq ?? e.seq,
    updated_seq: e.seq,
    created_at: prior?.created_at ?? e.time,
    updated_at: e.time,
  };
}

function withdraw(prior: ItemState | undefined, e: ProjectedEvent): ItemState {
  const reason = e.data.reason;
  const withdrawal = {
    ...(typeof reason === 'string' ? { reason } : {}),
    seq: e.seq,
    time: e.time,
  };
  if (prior === undefined) {
    // a withdrawal of an item this projection never saw: keep what the event carries
    const { reason: _reason, ...rest } = e.data;
    return { ...fromData(undefined, e, { ...rest, withdrawal }), status: 'withdrawn' };
  }
  return {
    ...prior,
    version: e.version,
    status: 'withdrawn',
    data: { ...prior.data, withdrawal },
    updated_seq: e.seq,
    updated_at: e.time,
  };
}

const REVISIONS: ReadonlySet<string> = new Set(REVISED_TYPES);
const WITHDRAWALS: ReadonlySet<string> = new Set(WITHDRAWN_TYPES);

/**
 * The items projection: an item's state after `event` (pure). A creation or a `<kind>.revised`
 * replaces the state with the event's full data (minus `changed`); `<kind>.withdrawn` sets
 * status `withdrawn`, keeps the last data and adds `withdrawal: {reason?, seq, time}`. A withdrawn
 * item is final: later events leave it as it is. Other types return the state unchanged.
 */
export function evolve(state: ItemState | undefined, event: ProjectedEvent): ItemState | undefined {
  if (!event.known || !ITEM_EVENT_TYPES.has(event.type)) return state;
  if (state?.status === 'withdrawn') return state;
  if (WITHDRAWALS.has(event.type)) return withdraw(state, event);
  if (REVISIONS.has(event.type)) {
    const { changed: _changed, ...data } = event.data;
    return fromData(state, event, data);
  }
  return fromData(state, event, event.data);
}
