import { randomUUID } from 'node:crypto';
import t from 'tap';
import { sql } from 'kysely';
import { lastSeq } from '@rcpx/bus';
import { migrateReadModels } from '@rcpx/db';
import { openTestDeps, waitFor } from '@rcpx/testing';
import { startProjector } from './projector.ts';
import { appendAll, generateLog } from './test-fixtures.ts';
import { countRows, countsDrift, dumpReadModels, searchDrift } from './test-support.ts';

const { db, bus } = await openTestDeps(t, { readModels: true });

const log = generateLog(1200, 11);
const ITEM_KINDS = new Set(log.map((e) => e.subject.split('/')[1]));

t.test('end to end: the log appended, then projected up to its last seq', async (t) => {
  const last = await appendAll(bus, log.slice(0, 900));
  const projector = startProjector({ db, bus });
  t.teardown(() => projector.stop());
  await projector.caughtUp(last, 60_000);
  t.ok(projector.leading);

  const more = await appendAll(bus, log.slice(900));
  await projector.caughtUp(more, 60_000);
  t.equal(more, 1200);

  t.equal(await countRows(db, 'rm', 'events'), 1200, 'every event mirrored once');
  t.equal(await searchDrift(db, 'rm'), 0, 'every item searchable, with its last title');
  t.equal(await countRows(db, 'rm', 'items'), ITEM_KINDS.size);
  t.equal(await countsDrift(db, 'rm'), 0, 'counts = active items per dimension and audience');
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from rm.items i
    where version <> (select max((envelope->>'rcpxversion')::int) from rm.events v
                      where v.item_id = i.id)
       or updated_seq <> (select max(seq) from rm.events v where v.item_id = i.id)`.execute(db);
  t.equal(rows[0]!.n, 0, 'each item at its last version');
  await projector.stop();
  t.notOk(projector.leading);
});

t.test('one leader per schema: a second instance stands by, then takes over', async (t) => {
  const a = startProjector({ db, bus });
  await waitFor(() => a.leading, { timeoutMs: 30_000 });
  const b = startProjector({ db, bus });
  t.teardown(() => Promise.all([a.stop(), b.stop()]));
  await new Promise((r) => setTimeout(r, 1_500));
  t.notOk(b.leading, 'the second one is standby');

  await a.stop();
  await waitFor(() => b.leading, { timeoutMs: 30_000 });
  const extra = generateLog(50, 12);
  const last = await appendAll(bus, extra);
  await b.caughtUp(last, 30_000);
  t.equal(await countRows(db, 'rm', 'events'), last);
  t.equal(await countsDrift(db, 'rm'), 0);
});

t.test('read models reset (durable ahead of the checkpoint): projected again', async (t) => {
  const before = await dumpReadModels(db, 'rm');
  await sql`drop schema rm cascade`.execute(db);
  await migrateReadModels(db, 'rm');
  const projector = startProjector({ db, bus });
  t.teardown(() => projector.stop());
  await projector.caughtUp(await lastSeq(bus), 60_000);
  t.same(await dumpReadModels(db, 'rm'), before, 'the same models from the same log');
});

t.test('read models reset under a running projector: projected again from seq 1', async (t) => {
  const projector = startProjector({ db, bus });
  t.teardown(() => projector.stop());
  await projector.caughtUp(await lastSeq(bus), 60_000);
  const before = await dumpReadModels(db, 'rm');

  // an operator drops and re-creates the read models; the durable is far ahead of them
  await sql`drop schema rm cascade`.execute(db);
  await migrateReadModels(db, 'rm');
  const last = await appendAll(bus, generateLog(30, 13));
  await projector.caughtUp(last, 60_000);
  t.equal(await countRows(db, 'rm', 'events'), last, 'nothing skipped');
  t.equal(await countsDrift(db, 'rm'), 0);
  const after = await dumpReadModels(db, 'rm');
  t.same(after.events!.slice(0, before.events!.length), before.events);
});

t.test('read models dropped under a running projector: it migrates them again', async (t) => {
  const projector = startProjector({ db, bus });
  t.teardown(() => projector.stop());
  await projector.caughtUp(await lastSeq(bus), 60_000);
  await sql`drop schema rm cascade`.execute(db);
  const last = await appendAll(bus, generateLog(10, 14));
  await projector.caughtUp(last, 60_000);
  t.equal(await countRows(db, 'rm', 'events'), last);
  t.equal(await countsDrift(db, 'rm'), 0);
});

t.test('a message in the log that is no JSON object is skipped, never a wedge', async (t) => {
  const projector = startProjector({ db, bus });
  t.teardown(() => projector.stop());
  const before = await lastSeq(bus);
  // not appended by rcpx (ingest validates): published on a log subject by another client
  for (const payload of ['not json', 'null', '[1]']) {
    await bus.js.publish(`${bus.prefix}.events.practice.${randomUUID()}`, payload);
  }
  const last = await appendAll(bus, generateLog(5, 15));
  await projector.caughtUp(last, 60_000);
  t.equal(await countRows(db, 'rm', 'events'), before + 5, 'the valid events mirrored');
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from rm.events
    where seq between ${before + 1} and ${before + 3}`.execute(db);
  t.equal(rows[0]!.n, 0, 'the unreadable ones not');
});
