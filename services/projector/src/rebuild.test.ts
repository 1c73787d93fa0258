import t from 'tap';
import { sql } from 'kysely';
import { lastSeq } from '@rcpx/bus';
import { createDb } from '@rcpx/db';
import { openTestDeps, waitFor } from '@rcpx/testing';
import { startProjector } from './projector.ts';
import { rebuildReadModels } from './rebuild.ts';
import { appendAll, generateLog } from './test-fixtures.ts';
import { countRows, countsDrift, schemaDiff, searchDrift } from './test-support.ts';

const { env, db, bus } = await openTestDeps(t, { readModels: true });
const readers = createDb(env.databaseUrl, { max: 4 });
t.teardown(() => readers.destroy());

const projector = startProjector({ db, bus });
t.teardown(() => projector.stop());

const NO_DIFF = { checkpoint: 0, items: 0, item_search: 0, events: 0, counts: 0 };

async function schemas(): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select nspname as name from pg_namespace
    where nspname like 'rm%' order by 1`.execute(db);
  return rows.map((r) => r.name);
}

t.test('readers see the full model throughout a rebuild, never a partial one', async (t) => {
  await projector.caughtUp(await appendAll(bus, generateLog(3000, 31)), 60_000);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from rm.items`.execute(db);
  const full = rows[0]!.n;
  t.ok(full > 1000);

  const seen = new Map<number, number>();
  const errors: string[] = [];
  let done = false;
  const read = async () => {
    while (!done) {
      try {
        const r = await sql<{ n: number }>`select count(*)::int as n from rm.items`.execute(
          readers,
        );
        const n = r.rows[0]!.n;
        seen.set(n, (seen.get(n) ?? 0) + 1);
      } catch (err) {
        errors.push((err as Error).message);
      }
    }
  };
  const loops = [read(), read(), read()];
  const reads = () => errors.length + [...seen.values()].reduce((a, b) => a + b, 0);
  const result = await rebuildReadModels({ db, bus });
  // a few more reads on the swapped-in models
  const swapped = reads();
  await waitFor(() => reads() >= swapped + 6, { intervalMs: 5 });
  done = true;
  await Promise.all(loops);

  t.equal(result.checkpoint, 3000);
  t.same([...seen.keys()], [full], `only the full count (${[...seen.values()]} reads)`);
  t.same(errors, [], 'no reader failed');
  t.same(await schemas(), ['rm'], 'no rm_next, no rm_old left');
  t.equal(await countsDrift(db, 'rm'), 0);
});

t.test('the live projector goes on from the new checkpoint after the swap', async (t) => {
  const more = await appendAll(bus, generateLog(200, 32));
  await projector.caughtUp(more, 60_000);
  t.ok(projector.leading);
  t.equal(await countRows(db, 'rm', 'events'), more);
  t.equal(await countsDrift(db, 'rm'), 0);
});

t.test('rebuild while events keep coming: nothing lost, nothing doubled', async (t) => {
  const appending = appendAll(bus, generateLog(2000, 33), 8);
  const [rebuilt] = await Promise.all([rebuildReadModels({ db, bus }), appending]);
  const last = await lastSeq(bus);
  t.ok(rebuilt.checkpoint <= last);
  await projector.caughtUp(last, 60_000);

  await rebuildReadModels({ db, bus, schema: 'rm_ref' });
  t.same(await schemaDiff(db, 'rm', 'rm_ref'), NO_DIFF, 'live + rebuilt = a clean replay');
  t.equal(await countRows(db, 'rm', 'events'), last);
  t.equal(await searchDrift(db, 'rm'), 0);
});

t.test('one rebuild of a schema at a time', async (t) => {
  const first = rebuildReadModels({ db, bus, schema: 'rm_twice' });
  // the first holds the rebuild lock once it has created its rm_twice_next (a fixed pause
  // could end before it took the lock on a loaded machine: the second would then win it)
  await waitFor(async () => (await schemas()).includes('rm_twice_next'), { intervalMs: 5 });
  await t.rejects(rebuildReadModels({ db, bus, schema: 'rm_twice' }), /already running/);
  await first;
  t.same(await schemaDiff(db, 'rm', 'rm_twice'), NO_DIFF);
});
