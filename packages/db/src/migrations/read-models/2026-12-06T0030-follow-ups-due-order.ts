import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here. Runs inside the target read schema.
//
// The tracker most urgent first (`GET /v1/follow-ups?sort=due`): the listed outcomes, open ones
// first, by due date (none: last), then id — the keyset order, so a page is an index range scan
// that stops at `limit` (also under a filter such as `addressee`), not a sort of every row.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as AnyDb;
  await db.schema
    .createIndex('follow_up_outcomes_due')
    .on('follow_up_outcomes')
    .expression(sql`closed, (coalesce(due_on, 'infinity'::date)), id`)
    .where(sql.raw<boolean>(`tracked and current and meeting_status = 'active'`))
    .execute();
}

export async function down(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as AnyDb;
  await db.schema.dropIndex('follow_up_outcomes_due').execute();
}
