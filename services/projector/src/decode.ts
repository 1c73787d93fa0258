import {
  CloudEvent,
  EVENT_DATA,
  RoutingFields,
  kindOfType,
  participantOfSource,
  type KnownEventType,
  type Visibility,
} from '@rcpx/contracts';

/** A message of the log as the projector needs it (a `StoredEvent` of `@rcpx/bus` fits). */
export interface LogEntry {
  seq: number;
  /** The NATS subject (`<prefix>.events.<kind>.<id>`); a fallback for the item id. */
  subject?: string;
  event: unknown;
}

/** An event of the log, checked and ready for the projections' `evolve`. */
export interface ProjectedEvent {
  seq: number;
  type: string;
  kind: string;
  itemId: string;
  participant: string;
  version: number;
  time: string;
  /** The event's data as in the log. */
  data: Record<string, unknown>;
  /** Themes and visibility of the event's own data (members-only, no themes when absent). */
  themes: string[];
  visibility: Visibility;
  /** A known type whose data passed its schema; unknown types are only mirrored. */
  known: boolean;
  /** The full CloudEvent with `rcpxseq`. */
  envelope: CloudEvent;
}

export type Decoded = { ok: true; event: ProjectedEvent } | { ok: false; reason: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MEMBERS_ONLY: Visibility = Object.freeze({ level: 'members' });

function lastSegment(s: string | undefined, sep: string): string | undefined {
  if (s === undefined) return undefined;
  const i = s.lastIndexOf(sep);
  return i === -1 ? s : s.slice(i + 1);
}

function itemIdOf(envelope: CloudEvent, natsSubject: string | undefined): string | undefined {
  for (const candidate of [lastSegment(envelope.subject, '/'), lastSegment(natsSubject, '.')]) {
    if (candidate !== undefined && UUID.test(candidate)) return candidate.toLowerCase();
  }
  return undefined;
}

function issues(err: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/**
 * Checks one message of the log. Known types must match their data schema; unknown (future)
 * types only need a valid envelope and an item id. A failure names the reason: the caller logs
 * it and moves on (the log is immutable; the projector must not wedge on it).
 */
export function decode(entry: LogEntry): Decoded {
  const raw =
    entry.event !== null && typeof entry.event === 'object'
      ? { ...(entry.event as Record<string, unknown>), rcpxseq: entry.seq }
      : entry.event;
  const parsed = CloudEvent.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: `invalid envelope: ${issues(parsed.error)}` };
  // keep the log's own values (the schema trims strings)
  const envelope = raw as CloudEvent;
  const itemId = itemIdOf(envelope, entry.subject);
  if (itemId === undefined) return { ok: false, reason: 'no item id in subject' };

  const schema = (EVENT_DATA as Record<string, (typeof EVENT_DATA)[KnownEventType] | undefined>)[
    envelope.type
  ];
  let themes: string[] = [];
  let visibility: Visibility = MEMBERS_ONLY;
  if (schema) {
    const data = schema.safeParse(envelope.data);
    if (!data.success) return { ok: false, reason: `invalid data: ${issues(data.error)}` };
    themes = data.data.themes;
    visibility = data.data.visibility;
  } else {
    const routing = RoutingFields.safeParse(envelope.data);
    if (routing.success) {
      themes = routing.data.themes;
      visibility = routing.data.visibility;
    }
  }
  return {
    ok: true,
    event: {
      seq: entry.seq,
      type: envelope.type,
      kind: kindOfType(envelope.type),
      itemId,
      participant: participantOfSource(envelope.source),
      version: envelope.rcpxversion,
      time: envelope.time,
      data: envelope.data,
      themes,
      visibility,
      known: schema !== undefined,
      envelope,
    },
  };
}
