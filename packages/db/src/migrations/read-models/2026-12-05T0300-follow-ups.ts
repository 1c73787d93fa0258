import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here. Runs inside the target read schema.
//
// The projection `follow-ups`: every outcome of every meeting (with the meeting's routing fields
// copied onto it, so the tracker is one indexed table) and each reporter's latest report, and
// the history of every report. Its checkpoint row starts at 0: the projector replays the log
// into it (the other projections skip what they have).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as AnyDb;
  await db.schema
    .createTable('follow_up_outcomes')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('meeting_id', 'uuid', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'jsonb')
    .addColumn('text', 'jsonb', (c) => c.notNull())
    .addColumn('addressees', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('due_on', 'date')
    .addColumn('current', 'boolean', (c) => c.notNull())
    .addColumn('tracked', 'boolean', (c) => c.notNull())
    .addColumn('participant', 'text', (c) => c.notNull())
    .addColumn('meeting_status', 'text', (c) => c.notNull())
    .addColumn('meeting_title', 'jsonb', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('themes', sql`text[]`, (c) => c.notNull())
    .addColumn('vis_level', 'text', (c) => c.notNull())
    .addColumn('vis_rcps', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('latest', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'`))
    .addColumn('last_status', 'text')
    .addColumn('closed', 'boolean', (c) => c.notNull())
    .addColumn('updated_seq', 'bigint', (c) => c.notNull())
    .execute();
  // the tracker: listed outcomes, newest change first; the open ones by due date
  await db.schema
    .createIndex('follow_up_outcomes_listed')
    .on('follow_up_outcomes')
    .columns(['updated_seq desc', 'id desc'])
    .where(sql.raw<boolean>(`tracked and current and meeting_status = 'active'`))
    .execute();
  await db.schema
    .createIndex('follow_up_outcomes_open')
    .on('follow_up_outcomes')
    .column('due_on')
    .where(sql.raw<boolean>(`tracked and current and meeting_status = 'active' and not closed`))
    .execute();
  await db.schema
    .createIndex('follow_up_outcomes_meeting')
    .on('follow_up_outcomes')
    .columns(['meeting_id', 'ref'])
    .unique()
    .execute();
  await db.schema
    .createIndex('follow_up_outcomes_addressees')
    .on('follow_up_outcomes')
    .using('gin')
    .column('addressees')
    .execute();
  await db.schema
    .createIndex('follow_up_outcomes_participant')
    .on('follow_up_outcomes')
    .columns(['participant', 'updated_seq'])
    .execute();

  await db.schema
    .createTable('follow_up_reports')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('follow_up_id', 'uuid', (c) => c.notNull())
    .addColumn('meeting_id', 'uuid', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('participant', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('text', 'jsonb', (c) => c.notNull())
    .addColumn('countries', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('links', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'`))
    .addColumn('time', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('follow_up_reports_outcome')
    .on('follow_up_reports')
    .columns(['meeting_id', 'ref', 'seq'])
    .execute();

  await db
    .insertInto('checkpoint')
    .values({ name: 'follow-ups', seq: 0 })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

export async function down(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as AnyDb;
  await db.deleteFrom('checkpoint').where('name', '=', 'follow-ups').execute();
  await db.schema.dropTable('follow_up_reports').execute();
  await db.schema.dropTable('follow_up_outcomes').execute();
}
