import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Webhook subscriptions, the events they receive (one payload per seq, shared by every
// subscription), the delivery queue/log, and the checkpoints of log consumers that write to the
// public schema (the webhooks fan-out).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('consumer_checkpoints')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('participant', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('themes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('participants', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('types', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('previous_secret', 'text')
    .addColumn('previous_secret_expires_at', 'timestamptz')
    .addColumn('start_seq', 'bigint', (c) => c.notNull())
    .addColumn('failing_since', 'timestamptz')
    .addColumn('disabled_at', 'timestamptz')
    .addColumn('disabled_reason', 'text')
    .addColumn('feed_key_hash', 'text', (c) => c.unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('subscriptions_participant')
    .on('subscriptions')
    .columns(['participant', 'created_at'])
    .execute();

  await db.schema
    .createTable('webhook_events')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('id', 'uuid', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('participant', 'text', (c) => c.notNull())
    .addColumn('themes', sql`text[]`, (c) => c.notNull())
    .addColumn('vis_level', 'text', (c) => c.notNull())
    .addColumn('vis_rcps', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('subscription_id', 'uuid', (c) =>
      c.notNull().references('subscriptions.id').onDelete('cascade'),
    )
    .addColumn('seq', 'bigint', (c) => c.notNull().references('webhook_events.seq'))
    .addColumn('event_id', 'uuid', (c) => c.notNull())
    .addColumn('origin', 'text', (c) =>
      c
        .notNull()
        .defaultTo('log')
        .check(sql`origin in ('log', 'replay', 'redelivery')`),
    )
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'delivered', 'failed', 'skipped')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_attempt_at', 'timestamptz')
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('latency_ms', 'integer')
    .addColumn('error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // The fan-out inserts each (subscription, seq) once; replays and redeliveries add rows.
  await sql`create unique index deliveries_log_once on deliveries (subscription_id, seq) where origin = 'log'`.execute(
    db,
  );
  // The head of each subscription's queue: its oldest pending delivery.
  await sql`create index deliveries_pending on deliveries (subscription_id, id) where status = 'pending'`.execute(
    db,
  );
  await db.schema
    .createIndex('deliveries_subscription')
    .on('deliveries')
    .columns(['subscription_id', 'id'])
    .execute();
  await db.schema.createIndex('deliveries_seq').on('deliveries').column('seq').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['deliveries', 'webhook_events', 'subscriptions', 'consumer_checkpoints']) {
    await db.schema.dropTable(t).execute();
  }
}
