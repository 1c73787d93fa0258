import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here. Runs inside the target read schema.
//
// Projection `memberships`: the admin's changes to the registry's member and observer states
// (`org.rcpx.membership.changed`), the latest per process and state. The registry's own data
// lives in code; readers put these rows over it. Its checkpoint row starts where the read
// models are (the minimum of the other rows; 0 in a fresh schema): the log holds no
// `membership.changed` before this migration, since only code that runs it writes them.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as AnyDb;
  await db.schema
    .createTable('memberships')
    .addColumn('participant', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('source', 'jsonb', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pkey', ['participant', 'country'])
    .execute();
  await db
    .insertInto('checkpoint')
    .columns(['name', 'seq'])
    .expression(
      db
        .selectFrom('checkpoint')
        .select([sql.lit('memberships').as('name'), sql`coalesce(min(seq), 0)`.as('seq')]),
    )
    .execute();
}

export async function down(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as AnyDb;
  await db.deleteFrom('checkpoint').where('name', '=', 'memberships').execute();
  await db.schema.dropTable('memberships').execute();
}
