import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here. Runs inside the target read schema.
//
// The events projection now serves each mirrored event under its own visibility narrowed by its
// item's current one (the visibility of the item's latest item event, up to its withdrawal: a
// withdrawn item is final), so that narrowing an item hides its earlier versions from whoever
// may no longer read it. Rows mirrored before hold their own visibility: narrow them once here.
// Idempotent (a row already narrowed stays as it is).

/** The item event types of this time: they state the item's visibility. */
const ITEM_TYPES = [
  'org.rcpx.practice.shared',
  'org.rcpx.practice.revised',
  'org.rcpx.practice.withdrawn',
  'org.rcpx.meeting.outcome.recorded',
  'org.rcpx.publication.released',
];
const WITHDRAWALS = ['org.rcpx.practice.withdrawn'];

// Kysely<unknown> knows no tables; the query builder still qualifies them with the schema
// (raw SQL would not: the migrator's withSchema only reaches tables the builder names).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** The rcps both the row and its item admit, in the row's order. */
const commonRcps = sql`array(select p from unnest(e.vis_rcps) with ordinality as u(p, o)
  where p = any(c.vis_rcps) order by o)`;

export async function up(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as AnyDb;
  // one writer at a time: a running events projection waits for this transaction
  await db
    .selectFrom('checkpoint')
    .select('seq')
    .where('name', '=', 'events')
    .forUpdate()
    .execute();
  await db
    .with('stop', (qb) =>
      qb
        .selectFrom('events')
        .select(['item_id', (eb) => eb.fn.min('seq').as('seq')])
        .where('type', 'in', WITHDRAWALS)
        .groupBy('item_id'),
    )
    .with('cur', (qb) =>
      qb
        .selectFrom('events as e')
        .leftJoin('stop as s', 's.item_id', 'e.item_id')
        .distinctOn('e.item_id')
        .select(['e.item_id', 'e.vis_level', 'e.vis_rcps'])
        .where('e.type', 'in', ITEM_TYPES)
        .where(sql<boolean>`(s.seq is null or e.seq <= s.seq)`)
        .orderBy('e.item_id')
        .orderBy('e.seq', 'desc'),
    )
    .with('narrowed', (qb) =>
      qb
        .selectFrom('events as e')
        .innerJoin('cur as c', 'c.item_id', 'e.item_id')
        .select([
          'e.seq',
          sql<string>`case
            when e.vis_level = 'members' or c.vis_level = 'members' then 'members'
            when e.vis_level = 'public' then c.vis_level
            when c.vis_level = 'public' then e.vis_level
            when cardinality(${commonRcps}) = 0 then 'members'
            else 'rcps' end`.as('vis_level'),
          sql<string[]>`case
            when e.vis_level = 'members' or c.vis_level = 'members' then '{}'::text[]
            when e.vis_level = 'public' then c.vis_rcps
            when c.vis_level = 'public' then e.vis_rcps
            else ${commonRcps} end`.as('vis_rcps'),
        ]),
    )
    .updateTable('events as e')
    .from('narrowed as n')
    .set({ vis_level: sql.ref('n.vis_level'), vis_rcps: sql.ref('n.vis_rcps') })
    .whereRef('e.seq', '=', 'n.seq')
    .where(sql<boolean>`(e.vis_level, e.vis_rcps) is distinct from (n.vis_level, n.vis_rcps)`)
    .execute();
}

export async function down(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as AnyDb;
  // back to each event's own visibility, from its data (members-only when it states none)
  await db
    .updateTable('events')
    .set({
      vis_level: sql`coalesce(envelope->'data'->'visibility'->>'level', 'members')`,
      vis_rcps: sql`case when envelope->'data'->'visibility'->>'level' = 'rcps'
        then array(select jsonb_array_elements_text(envelope->'data'->'visibility'->'rcps'))
        else '{}'::text[] end`,
    })
    .execute();
}
