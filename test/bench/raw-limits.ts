import type { Kysely } from 'kysely';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { connect } from '@nats-io/transport-node';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { participantOfSource } from '@rcpx/contracts';
import { subjectFor, type Bus } from '@rcpx/bus';
import { copyRows, copyText, migrateReadModels, readModels, type Database } from '@rcpx/db';
import type { Measured } from './report.ts';
import type { BacklogEvent } from './workload.ts';

// The raw limits the services are compared with: what NATS and Postgres do with no service code
// in between, measured in the same run on the same machine.

/** A plain NATS connection for the raw limit: default options but no async stack traces. */
export async function plainJetStream(
  url: string,
): Promise<{ js: JetStreamClient; close(): Promise<void> }> {
  const nc = await connect({ servers: url, noAsyncTraces: true, name: 'rcpx-bench-raw' });
  return { js: jetstream(nc, { timeout: 5_000 }), close: () => nc.close() };
}

/**
 * Publishes `events` with `js.publish` from this process in windows of `window` messages (sent
 * together, then all acks awaited; one connection, so the server stores them in publish order).
 * Creations carry expected last subject seq 0, as ingest's POST does. `last` is the last seq.
 */
export async function rawPublish(
  js: Pick<JetStreamClient, 'publish'>,
  bus: Pick<Bus, 'prefix'>,
  events: readonly BacklogEvent[],
  window = 1000,
): Promise<Measured & { last: number }> {
  let last = 0;
  const started = performance.now();
  for (let i = 0; i < events.length; i += window) {
    const acks = await Promise.all(
      events
        .slice(i, i + window)
        .map(({ kind, id, event, creates }) =>
          js.publish(
            subjectFor(bus, kind, id),
            JSON.stringify(event),
            creates ? { expect: { lastSubjectSequence: 0 } } : undefined,
          ),
        ),
    );
    for (const ack of acks) last = Math.max(last, ack.seq);
  }
  return { events: events.length, seconds: (performance.now() - started) / 1000, last };
}

const EVENT_COLUMNS = [
  'seq',
  'id',
  'type',
  'kind',
  'item_id',
  'participant',
  'themes',
  'vis_level',
  'vis_rcps',
  'time',
  'envelope',
] as const;

/** One `rm.events` row of a backlog event stored at `seq`, as statement parameters. */
function eventRow({ kind, id: itemId, event }: BacklogEvent, seq: number): unknown[] {
  const data = event.data as { themes: string[]; visibility: { level: string; rcps?: string[] } };
  return [
    seq,
    event.id,
    event.type,
    kind,
    itemId,
    participantOfSource(event.source),
    data.themes,
    data.visibility.level,
    data.visibility.rcps ?? [],
    event.time,
    JSON.stringify({ ...event, rcpxseq: seq }),
  ];
}

/**
 * Inserts `events` as `events` rows of a fresh read schema `schema` (the same table, indexes
 * included), `rowsPerStatement` rows per multi-row INSERT, one transaction per statement that
 * also moves the checkpoint row — the projector's write pattern with nothing else around it.
 */
export async function rawInsert(
  db: Kysely<Database>,
  databaseUrl: string,
  events: readonly BacklogEvent[],
  opts: { schema?: string; rowsPerStatement?: number } = {},
): Promise<Measured> {
  const schema = opts.schema ?? 'bench_raw';
  const size = opts.rowsPerStatement ?? 1000;
  await migrateReadModels(db, schema);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`insert into "${schema}".checkpoint (name, seq) values ('projector', 0)`);
    const width = EVENT_COLUMNS.length;
    const placeholders = (rows: number) =>
      Array.from(
        { length: rows },
        (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(',')})`,
      ).join(',');
    const full = placeholders(size);
    const started = performance.now();
    for (let i = 0; i < events.length; i += size) {
      const part = events.slice(i, i + size);
      const params = part.flatMap((e, k) => eventRow(e, i + k + 1));
      await client.query('begin');
      await client.query(
        `insert into "${schema}".events (${EVENT_COLUMNS.join(',')})
         values ${part.length === size ? full : placeholders(part.length)}`,
        params,
      );
      await client.query(`update "${schema}".checkpoint set seq = $1 where name = 'projector'`, [
        i + part.length,
      ]);
      await client.query('commit');
    }
    return { events: events.length, seconds: (performance.now() - started) / 1000 };
  } finally {
    await client.end();
  }
}

/**
 * The same rows with COPY … FROM STDIN (`@rcpx/db` `copyRows`, as the projector writes),
 * `rowsPerStatement` rows per COPY, each in a transaction that also moves the checkpoint row.
 */
export async function rawCopy(
  db: Kysely<Database>,
  events: readonly BacklogEvent[],
  opts: { schema?: string; rowsPerStatement?: number } = {},
): Promise<Measured> {
  const schema = opts.schema ?? 'bench_raw_copy';
  const size = opts.rowsPerStatement ?? 5000;
  await migrateReadModels(db, schema);
  await readModels(db, schema)
    .insertInto('checkpoint')
    .values({ name: 'projector', seq: 0 })
    .execute();
  const started = performance.now();
  for (let i = 0; i < events.length; i += size) {
    const part = events.slice(i, i + size);
    await db.transaction().execute(async (trx) => {
      await copyRows(
        trx,
        { schema, table: 'events', columns: EVENT_COLUMNS },
        part.map((e, k) => eventRow(e, i + k + 1)),
      );
      await readModels(trx, schema)
        .updateTable('checkpoint')
        .set({ seq: i + part.length })
        .where('name', '=', 'projector')
        .execute();
    });
  }
  return { events: events.length, seconds: (performance.now() - started) / 1000 };
}

/**
 * The read-model tables the projector writes (alias `t`), each in about the order the projector
 * wrote its rows (an item's by its last event), so the indexes see the keys in that order too (by
 * id, every insert would land at the btree's right edge).
 */
const MODEL_TABLES = [
  { checkpoint: 'events', table: 'events', from: 'events t order by t.seq' },
  { checkpoint: 'items', table: 'items', from: 'items t order by t.updated_seq' },
  {
    checkpoint: 'search',
    table: 'item_search',
    from: 'item_search t join items i using (id) order by i.updated_seq',
  },
] as const;

/** `select …` as COPY text (pg-copy-streams). */
async function copyOut(client: pg.Client, select: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of client.query(copyTo(`copy (${select}) to stdout`))) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `text`'s lines in `parts` consecutive groups of about equal size, each as COPY text. */
function splitLines(text: string, parts: number): string[] {
  const lines = text.split('\n').filter((l) => l.length > 0);
  const per = Math.ceil(lines.length / parts);
  return Array.from({ length: parts }, (_, i) =>
    lines
      .slice(i * per, (i + 1) * per)
      .map((l) => `${l}\n`)
      .join(''),
  );
}

/** The rows the projector wrote into a read schema: per table of `MODEL_TABLES`, as COPY text. */
export interface ModelRows {
  events: number;
  tables: { columns: string[]; text: string }[];
}

/** Copies out the rows of `fromSchema`'s read-model tables (the input of `rawCopyReadModels`). */
export async function readModelRows(databaseUrl: string, fromSchema: string): Promise<ModelRows> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`set search_path to "${fromSchema}"`);
    const tables: ModelRows['tables'] = [];
    for (const { table, from } of MODEL_TABLES) {
      // the columns the projector writes: all but the generated ones, in table order
      const { rows } = await client.query<{ name: string }>(
        `select column_name as name from information_schema.columns
          where table_schema = $1 and table_name = $2 and is_generated = 'NEVER'
          order by ordinal_position`,
        [fromSchema, table],
      );
      const columns = rows.map((r) => r.name);
      const select = `select ${columns.map((c) => `t."${c}"`).join(', ')} from ${from}`;
      tables.push({ columns, text: await copyOut(client, select) });
    }
    return { events: tables[0]!.text.split('\n').filter((l) => l.length > 0).length, tables };
  } finally {
    await client.end();
  }
}

/**
 * The projection's raw limit: `rows` (what the projector wrote: events, items, item_search)
 * copied into a fresh read schema in batches of `batchEvents` events, each batch as three
 * concurrent transactions (one per table, each moving its checkpoint row) with `copyText`: the
 * projector's write pattern with no decoding, folding or encoding.
 */
export async function rawCopyReadModels(
  db: Kysely<Database>,
  { events, tables }: ModelRows,
  opts: { schema?: string; batchEvents?: number } = {},
): Promise<Measured> {
  const schema = opts.schema ?? 'bench_raw_models';
  const perBatch = opts.batchEvents ?? 5000;
  const batches = Math.ceil(events / perBatch);
  const parts = tables.map((t) => splitLines(t.text, batches));
  await migrateReadModels(db, schema);
  const started = performance.now();
  for (let b = 0; b < batches; b++) {
    await Promise.all(
      MODEL_TABLES.map(({ checkpoint, table }, i) =>
        db.transaction().execute(async (trx) => {
          await copyText(trx, { schema, table, columns: tables[i]!.columns }, parts[i]![b]!);
          await readModels(trx, schema)
            .updateTable('checkpoint')
            .set({ seq: Math.min(events, (b + 1) * perBatch) })
            .where('name', '=', checkpoint)
            .execute();
        }),
      ),
    );
  }
  return { events, seconds: (performance.now() - started) / 1000 };
}
