import { PATTERNS } from './limits.ts';

// The grammar of the log, written and read only here:
// - CloudEvent `source`: `/participants/<slug>` (the publisher);
// - CloudEvent `subject`: `<collection>/<uuid>`, or `<collection>/<uuid>/<subcollection>/<uuid>`
//   for a kind nested in another (the item is the LAST uuid, its parent the first);
// - NATS subject of an aggregate: `<prefix>.events.<kind>.<id>`.

/** The collection of each kind in CloudEvent subjects. Add one line per new kind. */
export const KIND_COLLECTIONS = {
  practice: 'practices',
  meeting: 'meetings',
  publication: 'publications',
  membership: 'memberships',
  query: 'queries',
  adoption: 'adoptions',
  followup: 'follow-ups',
  reply: 'replies',
} as const;
export type EventKind = keyof typeof KIND_COLLECTIONS;

/** The kind a nested kind's subject lives under (`practices/<p>/adoptions/<a>`). */
export const PARENT_KINDS: Readonly<Partial<Record<EventKind, EventKind>>> = {
  adoption: 'practice',
  followup: 'meeting',
  reply: 'query',
};

const KIND_OF_COLLECTION: ReadonlyMap<string, EventKind> = new Map(
  Object.entries(KIND_COLLECTIONS).map(([kind, collection]) => [collection, kind as EventKind]),
);

/** The kind whose collection is `collection` (`queries` → `query`), if known. */
export function kindOfCollection(collection: string): EventKind | undefined {
  return KIND_OF_COLLECTION.get(collection);
}

/** Where the API serves an item: `/v1/<collection>/<id>` (`/v1/queries/<id>`). */
export function itemPath(kind: string, id: string): string {
  const collection = (KIND_COLLECTIONS as Record<string, string | undefined>)[kind];
  return `/v1/${collection ?? `${kind}s`}/${id}`;
}

const SOURCE_PREFIX = '/participants/';

/** The CloudEvent `source` of a participant: `/participants/<slug>`. */
export function sourceOf(participant: string): string {
  return SOURCE_PREFIX + participant;
}

/** The participant slug of a CloudEvent `source` (`/participants/<slug>`). */
export function participantOfSource(source: string): string {
  return source.startsWith(SOURCE_PREFIX) ? source.slice(SOURCE_PREFIX.length) : source;
}

/**
 * The CloudEvent `subject` of an item: `practices/<id>`, `queries/<id>`; a nested kind needs its
 * parent's id: `eventSubject('reply', replyId, queryId)` is `queries/<queryId>/replies/<replyId>`.
 */
export function eventSubject(kind: EventKind, id: string, parentId?: string): string {
  const parent = PARENT_KINDS[kind];
  if (parent === undefined) return `${KIND_COLLECTIONS[kind]}/${id}`;
  if (parentId === undefined) throw new Error(`a ${kind} subject needs its ${parent}'s id`);
  return `${KIND_COLLECTIONS[parent]}/${parentId}/${KIND_COLLECTIONS[kind]}/${id}`;
}

/** What a CloudEvent `subject` names; ids in lower case. */
export interface SubjectParts {
  /** The kind of the (last) collection; undefined for a collection this build does not know. */
  kind: EventKind | undefined;
  /** The (last) collection as written. */
  collection: string;
  /** The item: the last uuid. */
  id: string;
  /** The item it is nested in (the first uuid), for a nested subject. */
  parent?: { kind: EventKind | undefined; collection: string; id: string };
}

const COLLECTION = /^[a-z][a-z0-9-]*$/;
const isUuid = (s: string | undefined): s is string => s !== undefined && PATTERNS.uuid.test(s);
const isCollection = (s: string | undefined): s is string => s !== undefined && COLLECTION.test(s);

/** The parts of a subject `<collection>/<uuid>(/<collection>/<uuid>)?`; null otherwise. */
export function parseEventSubject(subject: string): SubjectParts | null {
  // no split: decoding the log calls this once per event
  const a = subject.indexOf('/');
  const b = subject.indexOf('/', a + 1);
  const c1 = subject.slice(0, a);
  const id1 = b === -1 ? subject.slice(a + 1) : subject.slice(a + 1, b);
  if (a === -1 || !isCollection(c1) || !isUuid(id1)) return null;
  if (b === -1) return { kind: kindOfCollection(c1), collection: c1, id: id1.toLowerCase() };
  const c = subject.indexOf('/', b + 1);
  if (c === -1 || subject.indexOf('/', c + 1) !== -1) return null;
  const c2 = subject.slice(b + 1, c);
  const id2 = subject.slice(c + 1);
  if (!isCollection(c2) || !isUuid(id2)) return null;
  return {
    kind: kindOfCollection(c2),
    collection: c2,
    id: id2.toLowerCase(),
    parent: { kind: kindOfCollection(c1), collection: c1, id: id1.toLowerCase() },
  };
}

/** What every NATS subject of the log starts with: `<prefix>.events.` (the stream: `….>`). */
export function natsSubjectsPrefix(prefix: string): string {
  return `${prefix}.events.`;
}

/** The NATS subject of an aggregate: `<prefix>.events.<kind>.<id>`. */
export function natsSubject(prefix: string, kind: string, id: string): string {
  return `${natsSubjectsPrefix(prefix)}${kind}.${id}`;
}

/** The kind and id of a NATS subject `<prefix>.events.<kind>.<id>`; null otherwise. */
export function parseNatsSubject(subject: string): { kind: string; id: string } | null {
  const dot = subject.lastIndexOf('.');
  const before = subject.lastIndexOf('.', dot - 1);
  if (dot === -1 || before < 7 || !subject.startsWith('.events', before - 7)) return null;
  const kind = subject.slice(before + 1, dot);
  const id = subject.slice(dot + 1);
  return kind !== '' && id !== '' ? { kind, id } : null;
}
