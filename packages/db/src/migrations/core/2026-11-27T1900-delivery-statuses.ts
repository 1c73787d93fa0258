import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
//
// `failed` was never written: failures are retried, and a disabled subscription's deliveries stay
// pending until it is re-enabled. The check constraint now says so.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`update deliveries set status = 'pending' where status = 'failed'`.execute(db);
  await sql`alter table deliveries drop constraint deliveries_status_check,
    add constraint deliveries_status_check check (status in ('pending', 'delivered', 'skipped'))`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table deliveries drop constraint deliveries_status_check,
    add constraint deliveries_status_check
      check (status in ('pending', 'delivered', 'failed', 'skipped'))`.execute(db);
}
