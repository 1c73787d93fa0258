// Test-only: seeds `rm.*` the way the projector fills it, so the read path is tested on its own.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { EVENT_TYPES, ITEM_KINDS, audiencesOf, eventSubject, sourceOf } from '@rcpx/contracts';
import type { Visibility } from '@rcpx/contracts';
import { readModels } from '@rcpx/db';
import type { Database } from '@rcpx/db';

/** One event of the log, as a publisher wrote it. */
export interface FixtureEvent {
  type: string;
  /** The aggregate's id. */
  item: string;
  participant: string;
  data: Record<string, unknown>;
  time?: string;
}

type Obj = Record<string, unknown>;
type Localized = Partial<Record<'en' | 'fr' | 'es', string>>;

interface State {
  id: string;
  kind: string;
  participant: string;
  version: number;
  status: 'active' | 'withdrawn';
  data: Obj;
  created_seq: number;
  updated_seq: number;
  created_at: string;
  updated_at: string;
}

const obj = (v: unknown): Obj =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};

/** Per-language and plain searchable text besides the title, as the search projection builds it. */
function texts(kind: string, data: Obj) {
  const parts = { en: [] as string[], fr: [] as string[], es: [] as string[] };
  const any: string[] = [];
  const add = (v: unknown) => {
    if (typeof v === 'string') any.push(v);
    else
      for (const l of ['en', 'fr', 'es'] as const)
        if (typeof obj(v)[l] === 'string') parts[l].push(obj(v)[l] as string);
  };
  if (kind === 'meeting') {
    add(data.summary);
    for (const o of (data.outcomes as unknown[] | undefined) ?? []) {
      add(obj(o).title);
      add(obj(o).text);
    }
  } else {
    add(data.summary);
    add(data.body);
    if (typeof data.contact === 'string') any.push(data.contact);
  }
  return {
    text_en: parts.en.join('\n'),
    text_fr: parts.fr.join('\n'),
    text_es: parts.es.join('\n'),
    text_any: any.join('\n'),
  };
}

function itemRow(s: State) {
  const d = s.data;
  const vis = d.visibility as Visibility;
  const title = (s.kind === 'meeting' ? obj(d.meeting).title : d.title) as Localized;
  const host = obj(d.meeting).hostCountry;
  const countries =
    s.kind === 'practice'
      ? ((d.countries as string[] | undefined) ?? [])
      : typeof host === 'string'
        ? [host]
        : [];
  return {
    id: s.id,
    kind: s.kind,
    participant: s.participant,
    version: s.version,
    status: s.status,
    themes: d.themes as string[],
    countries,
    vis_level: vis.level,
    vis_rcps: vis.level === 'rcps' ? vis.rcps : [],
    title: JSON.stringify(title),
    summary: d.summary === undefined ? null : JSON.stringify(d.summary),
    data: JSON.stringify(d),
    created_seq: s.created_seq,
    updated_seq: s.updated_seq,
    created_at: new Date(s.created_at),
    updated_at: new Date(s.updated_at),
  };
}

/** What `seedEvents` wrote: the seq of each event, in order, and the last one. */
export interface Seeded {
  seqs: number[];
  lastSeq: number;
}

/**
 * Appends `events` to the read models of `schema` as the projector would: `events`, `items`
 * (folded), `item_search`, `counts` (recomputed from every active item with `audiencesOf`) and
 * the checkpoints (unless `checkpoint: false`). Seqs continue after the
 * largest seq already in `events` (or start at `firstSeq`).
 */
export async function seedEvents(
  db: Kysely<Database>,
  schema: string,
  events: readonly FixtureEvent[],
  opts: { firstSeq?: number; checkpoint?: boolean } = {},
): Promise<Seeded> {
  const rm = readModels(db, schema);
  const max = await rm
    .selectFrom('events')
    .select((eb) => eb.fn.max<number | null>('seq').as('m'))
    .executeTakeFirst();
  let seq = opts.firstSeq ?? Number(max?.m ?? 0) + 1;
  const seqs: number[] = [];
  const base = Date.parse('2026-11-02T09:00:00Z');
  for (const e of events) {
    const kind = ITEM_KINDS.find((k) => e.type.startsWith(`org.rcpx.${k}.`))!;
    const time = e.time ?? new Date(base + seq * 60_000).toISOString();
    const prior = await rm
      .selectFrom('items')
      .selectAll()
      .where('id', '=', e.item)
      .executeTakeFirst();
    const version = (prior?.version ?? 0) + 1;
    let data: Obj;
    if (e.type === EVENT_TYPES.practiceWithdrawn) {
      const reason = e.data.reason;
      data = {
        ...obj(prior?.data ?? e.data),
        withdrawal: { ...(typeof reason === 'string' ? { reason } : {}), seq, time },
      };
    } else {
      const { changed: _changed, ...rest } = e.data;
      data = rest;
    }
    const state: State = {
      id: e.item,
      kind,
      participant: prior?.participant ?? e.participant,
      version,
      status: e.type === EVENT_TYPES.practiceWithdrawn ? 'withdrawn' : 'active',
      data,
      created_seq: prior ? Number(prior.created_seq) : seq,
      updated_seq: seq,
      created_at: prior ? prior.created_at.toISOString() : time,
      updated_at: time,
    };
    const row = itemRow(state);
    const { id: _id, ...update } = row;
    await rm
      .insertInto('items')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet(update))
      .execute();
    if (e.type !== EVENT_TYPES.practiceWithdrawn) {
      const text = { title: row.title, ...texts(kind, data) };
      await rm
        .insertInto('item_search')
        .values({ id: e.item, ...text })
        .onConflict((oc) => oc.column('id').doUpdateSet(text))
        .execute();
    }
    const eventId = randomUUID();
    const envelope = {
      specversion: '1.0',
      id: eventId,
      source: sourceOf(e.participant),
      type: e.type,
      subject: eventSubject(kind, e.item),
      time,
      datacontenttype: 'application/json',
      rcpxseq: seq,
      rcpxversion: version,
      data: e.data,
    };
    const vis = e.data.visibility as Visibility;
    await rm
      .insertInto('events')
      .values({
        seq,
        id: eventId,
        type: e.type,
        kind,
        item_id: e.item,
        participant: e.participant,
        themes: e.data.themes as string[],
        vis_level: vis.level,
        vis_rcps: vis.level === 'rcps' ? vis.rcps : [],
        time: new Date(time),
        envelope: JSON.stringify(envelope),
      })
      .execute();
    seqs.push(seq);
    seq += 1;
  }
  await recount(db, schema);
  const lastSeq = seqs[seqs.length - 1] ?? seq - 1;
  if (opts.checkpoint !== false) await setCheckpoint(db, schema, lastSeq);
  return { seqs, lastSeq };
}

/** Rebuilds `counts` from the active items (per theme, participant and kind × audience key). */
export async function recount(db: Kysely<Database>, schema: string): Promise<void> {
  const rm = readModels(db, schema);
  const items = await rm.selectFrom('items').selectAll().where('status', '=', 'active').execute();
  const n = new Map<string, number>();
  const bump = (dimension: string, key: string, audience: string) => {
    const k = `${dimension}\n${key}\n${audience}`;
    n.set(k, (n.get(k) ?? 0) + 1);
  };
  for (const it of items) {
    const vis: Visibility =
      it.vis_level === 'rcps' ? { level: 'rcps', rcps: it.vis_rcps } : { level: it.vis_level };
    for (const a of audiencesOf(vis, it.participant)) {
      for (const th of it.themes) bump('theme', th, a);
      bump('participant', it.participant, a);
      bump('kind', it.kind, a);
    }
  }
  await rm.deleteFrom('counts').execute();
  const rows = [...n].map(([k, count]) => {
    const [dimension, key, audience] = k.split('\n') as ['theme', string, string];
    return { dimension, key, audience, n: count };
  });
  if (rows.length > 0) await rm.insertInto('counts').values(rows).execute();
}

/** Sets the checkpoint of every projection of `schema` (the rows the migrations created). */
export async function setCheckpoint(
  db: Kysely<Database>,
  schema: string,
  seq: number,
): Promise<void> {
  await sql`update ${sql.id(schema, 'checkpoint')} set seq = ${seq}`.execute(db);
}
