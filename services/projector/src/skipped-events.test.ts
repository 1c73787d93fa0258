import { Writable } from 'node:stream';
import t from 'tap';
import { readModels } from '@rcpx/db';
import { createLogger } from '@rcpx/service-kit';
import { openTestDeps } from '@rcpx/testing';
import { buildApp } from './app.ts';
import { projectorMetrics } from './metrics.ts';
import { startProjector } from './projector.ts';
import { appendAll, baliPractice, practiceShared, publicationReleased } from './test-fixtures.ts';

// The projector never drops an event of the log silently: one it cannot apply is counted on
// /metrics, logged with its seq and why, and listed in `skipped_events` (the admin reads it at
// /v1/admin/skipped-events); one with text Postgres cannot store is applied.

const { db, bus } = await openTestDeps(t, { readModels: true });

t.test('a skipped event is counted on /metrics and logged with seq and reason', async (t) => {
  const lines: string[] = [];
  const logger = createLogger(
    { LOG_LEVEL: 'info' },
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    }),
  );
  const metrics = projectorMetrics(db, 'rm');
  const app = await buildApp({ config: { RCPX_READ_SCHEMA: 'rm' }, db, bus, logger, metrics });
  const projector = startProjector({ db, bus, logger, onApplied: (r) => metrics.onApplied(r) });
  t.teardown(async () => {
    await projector.stop();
    await app.close();
  });
  const invalid = practiceShared({ participant: 'bali-process', minute: 1 });
  delete (invalid.data as Record<string, unknown>).themes; // fails its schema
  const surrogate = practiceShared(
    { participant: 'bali-process', minute: 2 },
    { ...baliPractice(), title: { en: 'Lone \ud800' } },
  );
  await appendAll(bus, [invalid]);
  await appendAll(bus, [surrogate]);
  const last = await appendAll(bus, [publicationReleased({ participant: 'iom', minute: 3 })]);
  await projector.caughtUp(last, 30_000);

  const text = (await app.inject('/metrics')).body;
  t.match(text, /rcpx_projector_events_skipped_total 1\b/, 'one event skipped');
  t.match(text, /rcpx_projector_events_applied_total 2\b/, 'the other two applied');
  const skipped = lines
    .map((l) => JSON.parse(l))
    .filter((l) => l.msg === 'projector: event skipped');
  t.match(skipped, [{ level: 40, seq: 1, reason: /themes/ }]);

  const listed = await readModels(db, 'rm')
    .selectFrom('skipped_events')
    .select(['seq', 'projection', 'reason'])
    .orderBy('projection')
    .execute();
  t.match(
    listed,
    ['events', 'follow-ups', 'items', 'memberships', 'search'].map((projection) => ({
      seq: 1,
      projection,
      reason: /themes/,
    })),
    "in the admin's list, once per projection",
  );
});
