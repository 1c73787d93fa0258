import {
  CloudEvent,
  EVENT_DATA,
  RoutingFields,
  kindOfType,
  participantOfSource,
  type KnownEventType,
  type Visibility,
} from '@rcpx/contracts';
import { quickCheckData, quickCheckEnvelope } from './quick-check.ts';

/** A message of the log as the projector needs it (a `StoredEvent` of `@rcpx/bus` fits). */
export interface LogEntry {
  seq: number;
  /** The NATS subject (`<prefix>.events.<kind>.<id>`); a fallback for the item id. */
  subject?: string;
  event: unknown;
  /** `event` as JSON text with its `rcpxseq`, when the reader kept it (`StoredEvent.json`). */
  json?: string;
}

/** An event of the log, checked and ready for the projections' `evolve`. */
export interface ProjectedEvent {
  seq: number;
  type: string;
  kind: string;
  itemId: string;
  /**
   * The item a sub-aggregate's event is about (`practices/<parent>/adoptions/<item>`): its
   * events are served under the parent's current audience too. Absent for an item's own events.
   */
  parentId?: string;
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
  /** `envelope` as the log's JSON text, when the entry had it. */
  json?: string;
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

// `<collection>/<uuid>/<subcollection>/<uuid>`: the first uuid is the parent of the last.
const NESTED =
  /^[a-z][a-z0-9-]*\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/[a-z][a-z0-9-]*\/[0-9a-f-]{36}$/i;

/** `{parentId}` of a nested CloudEvent subject, else nothing. */
function parentOf(subject: string): { parentId?: string } {
  const m = NESTED.exec(subject);
  return m ? { parentId: m[1]!.toLowerCase() } : {};
}

function issues(err: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

// The entry's JSON text, unless `raw` is a copy of its event (with another rcpxseq).
function jsonOf(entry: LogEntry, raw: unknown): { json?: string } {
  return entry.json !== undefined && raw === entry.event ? { json: entry.json } : {};
}

const KIND_OF_KNOWN: ReadonlyMap<string, string> = new Map(
  Object.keys(EVENT_DATA).map((type) => [type, kindOfType(type)]),
);

// The common case without zod: a known type whose envelope and data pass the quick checks.
function quickDecode(entry: LogEntry, raw: unknown): Decoded | undefined {
  const e = raw as Record<string, unknown>;
  if (typeof e !== 'object' || e === null || typeof e.type !== 'string') return undefined;
  if (!Object.hasOwn(EVENT_DATA, e.type)) return undefined;
  if (!quickCheckEnvelope(e) || !quickCheckData(e.type, e.data)) return undefined;
  const envelope = raw as CloudEvent;
  const itemId = itemIdOf(envelope, entry.subject);
  if (itemId === undefined) return undefined;
  const data = envelope.data as { themes: string[]; visibility: Visibility };
  return {
    ok: true,
    event: {
      seq: entry.seq,
      type: envelope.type,
      kind: KIND_OF_KNOWN.get(envelope.type) ?? kindOfType(envelope.type),
      itemId,
      ...parentOf(envelope.subject),
      participant: participantOfSource(envelope.source),
      version: envelope.rcpxversion,
      time: envelope.time,
      data: envelope.data,
      themes: data.themes,
      visibility: data.visibility,
      known: true,
      envelope,
      ...jsonOf(entry, raw),
    },
  };
}

/** One quick-checked event in SAMPLE also goes through the schemas. */
const SAMPLE = 256;
let quickOn = true;
let sampled = 0;

/**
 * Checks one message of the log. Known types must match their data schema; unknown (future)
 * types only need a valid envelope and an item id. A failure names the reason: the caller logs
 * it and moves on (the log is immutable; the projector must not wedge on it). Most events pass
 * the quick checks (`quick-check.ts`) and skip the zod schemas; one in 256 of them is checked by
 * the schemas too, and should they ever refuse one, the quick path is off for good.
 */
export function decode(entry: LogEntry): Decoded {
  const event = entry.event as Record<string, unknown> | null;
  // the bus sets rcpxseq already; otherwise a copy with it (the entry is left as it is)
  const raw =
    event !== null && typeof event === 'object'
      ? event.rcpxseq === entry.seq
        ? event
        : { ...event, rcpxseq: entry.seq }
      : event;
  if (quickOn) {
    const quick = quickDecode(entry, raw);
    if (quick) {
      if (++sampled % SAMPLE !== 0) return quick;
      const full = schemaDecode(entry, raw);
      if (full.ok) return quick;
      quickOn = false;
      return { ok: false, reason: `${full.reason} (the quick check accepted it: now off)` };
    }
  }
  return schemaDecode(entry, raw);
}

/** `decode` by the zod schemas alone. */
export function schemaDecode(entry: LogEntry, raw: unknown): Decoded {
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
      ...parentOf(envelope.subject),
      participant: participantOfSource(envelope.source),
      version: envelope.rcpxversion,
      time: envelope.time,
      data: envelope.data,
      themes,
      visibility,
      known: schema !== undefined,
      envelope,
      ...jsonOf(entry, raw),
    },
  };
}
