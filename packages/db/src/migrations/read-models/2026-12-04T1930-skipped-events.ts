import type { Kysely } from 'kysely';

// Frozen in time: never import application code here. Runs inside the target read schema.
//
// The events of the log a projection could not apply (invalid, or refused by Postgres), with
// why: written in the transaction that moves the projection's checkpoint past them, read by
// the admin. An accepted event is never dropped silently.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as AnyDb;
  await db.schema
    .createTable('skipped_events')
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('projection', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('skipped_at', 'timestamptz', (c) => c.notNull().defaultTo(db.fn('now')))
    .addPrimaryKeyConstraint('skipped_events_pkey', ['seq', 'projection'])
    .execute();
}

export async function down(untyped: Kysely<unknown>): Promise<void> {
  await (untyped as AnyDb).schema.dropTable('skipped_events').execute();
}
