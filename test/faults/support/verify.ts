import { sql, type Kysely } from 'kysely';
import { lastSeq, type Bus } from '@rcpx/bus';
import { readModelsCheckpoint, type Database } from '@rcpx/db';
import { rebuildReadModels } from '@rcpx/projector';
import { waitFor } from '@rcpx/testing';
import type { Ack } from './writers.ts';

export interface Verdict {
  /** Events in the log. */
  logEvents: number;
  /** Acknowledged writes (distinct keys). */
  acked: number;
  /** Acknowledged writes whose item is not in the read models, or not at the acked seq. */
  lost: number;
  /** Keys acked with two different answers (ids or seqs). */
  inconsistentAcks: number;
  /** Items beyond the first with the same key (title): a retry that appended twice. */
  duplicateItems: number;
  /** Events rows beyond one per seq of the log (and events missing from the mirror). */
  eventsMismatch: number;
  /** Rows that differ between the read models and a fresh projection of the log, per table. */
  rebuildDiff: Record<string, number>;
}

const TABLES = ['items', 'events', 'counts', 'item_search', 'checkpoint'] as const;

/** Rows in one schema's table and not in the other's, both ways (multiset difference). */
async function tableDiff(db: Kysely<Database>, a: string, b: string, table: string) {
  const ta = sql.table(`${a}.${table}`);
  const tb = sql.table(`${b}.${table}`);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from (
    (select * from ${ta} except all select * from ${tb})
    union all
    (select * from ${tb} except all select * from ${ta})) d`.execute(db);
  return rows[0]!.n;
}

/**
 * Waits until the read models (`schema`) hold the whole log, then checks every acknowledged
 * write against them, counts duplicates, and compares them table by table with a fresh projection
 * of the log into `<schema>_check`.
 */
export async function verifyAgainstLog(
  db: Kysely<Database>,
  bus: Bus,
  acks: readonly Ack[],
  schema = 'rm',
): Promise<Verdict> {
  const logEvents = await lastSeq(bus);
  await waitFor(async () => (await readModelsCheckpoint(db, schema)) >= logEvents, {
    timeoutMs: 60_000,
    intervalMs: 100,
    message: `the read models did not reach seq ${logEvents}`,
  });

  const byKey = new Map<string, Ack>();
  let inconsistentAcks = 0;
  for (const a of acks) {
    const prior = byKey.get(a.key);
    if (prior && (prior.id !== a.id || prior.seq !== a.seq)) inconsistentAcks++;
    byKey.set(a.key, a);
  }
  const rm = (table: string) => sql.table(`${schema}.${table}`);
  const { rows: items } = await sql<{ id: string; key: string; created_seq: string }>`
    select id, title->>'en' as key, created_seq from ${rm('items')}`.execute(db);
  const byId = new Map(items.map((i) => [i.id, i]));
  let lost = 0;
  for (const a of byKey.values()) {
    const item = byId.get(a.id);
    if (!item || Number(item.created_seq) !== a.seq || item.key !== `fault load ${a.key}`) lost++;
  }
  const titles = new Set(items.map((i) => i.key));
  const duplicateItems = items.length - titles.size;
  const { rows: ev } = await sql<{ n: number; distinct: number }>`
    select count(*)::int as n, count(distinct seq)::int as distinct from ${rm('events')}`.execute(
    db,
  );
  const eventsMismatch = ev[0]!.n - ev[0]!.distinct + Math.abs(logEvents - ev[0]!.distinct);

  const check = `${schema}_check`;
  await sql`drop schema if exists ${sql.id(check)} cascade`.execute(db);
  await rebuildReadModels({ db, bus, schema: check });
  const rebuildDiff: Record<string, number> = {};
  for (const table of TABLES) rebuildDiff[table] = await tableDiff(db, schema, check, table);
  await sql`drop schema if exists ${sql.id(check)} cascade`.execute(db);

  return {
    logEvents,
    acked: byKey.size,
    lost,
    inconsistentAcks,
    duplicateItems,
    eventsMismatch,
    rebuildDiff,
  };
}
