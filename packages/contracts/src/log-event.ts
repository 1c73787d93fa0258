import type { Visibility } from './common.ts';
import { CloudEvent, EVENT_DATA } from './events.ts';
import { parseEventSubject, parseNatsSubject, participantOfSource } from './event-grammar.ts';
import { quickCheckData, quickCheckEnvelope } from './quick-check.ts';
import { readVisibility } from './visibility.ts';
import { PATTERNS } from './limits.ts';

/** A message of the log as read (a `StoredEvent` of `@rcpx/bus` fits). */
export interface LogEntry {
  seq: number;
  /** The NATS subject (`<prefix>.events.<kind>.<id>`): the fallback for the kind and item id. */
  subject?: string;
  event: unknown;
  /** `event` as JSON text with its `rcpxseq`, when the reader kept it (`StoredEvent.json`). */
  json?: string;
}

/** One decoded event of the log: what every consumer (projector, live, webhooks…) reads. */
export interface LogEvent {
  seq: number;
  type: string;
  /**
   * The kind of the subject's (last) collection: `practices/<p>` → `practice`,
   * `practices/<p>/adoptions/<a>` → `adoption`, `queries/<q>/replies/<r>` → `reply`.
   */
  kind: string;
  /** The item: the subject's last uuid (lower case). */
  itemId: string;
  /** The item it is nested in (the subject's first uuid), for a nested subject. */
  parentId?: string;
  /** The publisher (`source`). */
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

export type DecodedLogEvent = { ok: true; event: LogEvent } | { ok: false; reason: string };

const MEMBERS_ONLY: Visibility = Object.freeze({ level: 'members' });
const NO_THEMES: readonly string[] = Object.freeze([]);

/**
 * The routing fields of any event's data, read leniently and never wider than written: its
 * string themes, and its visibility (`members`, the owner only, when unreadable).
 */
export function routingOf(data: unknown): { themes: string[]; visibility: Visibility } {
  const d = (data !== null && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const themes = Array.isArray(d.themes)
    ? (d.themes as unknown[]).filter((t): t is string => typeof t === 'string')
    : (NO_THEMES as string[]);
  return { themes, visibility: readVisibility(d.visibility) ?? MEMBERS_ONLY };
}

interface Aggregate {
  kind: string;
  itemId: string;
  parentId: string | undefined;
}

/** Kind, item and parent of an event: its CloudEvent subject, else its NATS subject. */
function aggregateOf(subject: string, natsSubject: string | undefined): Aggregate | undefined {
  const parts = parseEventSubject(subject);
  const parentId = parts?.parent?.id;
  if (parts?.kind !== undefined) return { kind: parts.kind, itemId: parts.id, parentId };
  // a collection this build does not know, or no subject of the grammar: the NATS subject's kind
  const nats = natsSubject === undefined ? null : parseNatsSubject(natsSubject);
  if (parts) return { kind: nats?.kind ?? parts.collection, itemId: parts.id, parentId };
  if (nats && PATTERNS.uuid.test(nats.id)) {
    return { kind: nats.kind, itemId: nats.id.toLowerCase(), parentId: undefined };
  }
  return undefined;
}

function issues(err: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

type DataSchema = (typeof EVENT_DATA)[keyof typeof EVENT_DATA];
const schemaOf = (type: string): DataSchema | undefined =>
  Object.hasOwn(EVENT_DATA, type) ? (EVENT_DATA as Record<string, DataSchema>)[type] : undefined;

/**
 * Checks and decodes one message of the log. A known type must match its data schema; an unknown
 * (future) type only needs a valid envelope and an item id, and routes by `routingOf`. A failure
 * names the reason: the caller logs it and moves on (the log is immutable; no consumer may wedge
 * on it). Most events pass the quick checks (`quick-check.ts`) and skip the zod schemas.
 */
export function decodeLogEvent(entry: LogEntry): DecodedLogEvent {
  const event = entry.event as Record<string, unknown> | null;
  // the bus sets rcpxseq already; otherwise a copy with it (the entry is left as it is)
  const raw =
    event !== null && typeof event === 'object' && event.rcpxseq !== entry.seq
      ? { ...event, rcpxseq: entry.seq }
      : event;
  const schema = typeof raw?.type === 'string' ? schemaOf(raw.type) : undefined;
  const quick =
    schema !== undefined &&
    quickCheckEnvelope(raw!) &&
    quickCheckData(raw!.type as string, raw!.data);
  if (!quick) {
    const parsed = CloudEvent.safeParse(raw);
    if (!parsed.success) return { ok: false, reason: `invalid envelope: ${issues(parsed.error)}` };
  }
  // the log's own values from here (the schema trims strings)
  const envelope = raw as CloudEvent;
  const aggregate = aggregateOf(envelope.subject, entry.subject);
  if (aggregate === undefined) return { ok: false, reason: 'no item id in subject' };
  let routing: { themes: string[]; visibility: Visibility };
  if (quick) {
    routing = envelope.data as { themes: string[]; visibility: Visibility };
  } else if (schema) {
    const data = schema.safeParse(envelope.data);
    if (!data.success) return { ok: false, reason: `invalid data: ${issues(data.error)}` };
    routing = data.data;
  } else {
    routing = routingOf(envelope.data);
  }
  const decoded: LogEvent = {
    seq: entry.seq,
    type: envelope.type,
    kind: aggregate.kind,
    itemId: aggregate.itemId,
    participant: participantOfSource(envelope.source),
    version: envelope.rcpxversion,
    time: envelope.time,
    data: envelope.data,
    themes: routing.themes,
    visibility: routing.visibility,
    known: schema !== undefined,
    envelope,
  };
  if (aggregate.parentId !== undefined) decoded.parentId = aggregate.parentId;
  // the entry's JSON text, unless `raw` is a copy of its event (with another rcpxseq)
  if (entry.json !== undefined && raw === entry.event) decoded.json = entry.json;
  return { ok: true, event: decoded };
}
