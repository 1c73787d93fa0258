import t from 'tap';
import { prepareBatch, type PreparedBatch } from './apply-batch.ts';
import { eventsFor, type ProjectionApplier } from './applier.ts';
import { APPLIERS } from './appliers.ts';
import { lanesOf } from './lanes.ts';
import type { ProjectedEvent } from './decode.ts';
import { entry, meetingRecorded, practiceShared, publicationReleased } from './test-fixtures.ts';

const names = (lanes: ProjectionApplier[][]) => lanes.map((l) => l.map((a) => a.name));

/** The events of `batch` each projection reads, as `applyWith` finds them. */
function relevantOf(batch: PreparedBatch): Map<ProjectionApplier, readonly ProjectedEvent[]> {
  const valid = batch.entries.flatMap(({ result }) => (result.ok ? [result.event] : []));
  return new Map(APPLIERS.map((a) => [a, eventsFor(a, valid)]));
}

t.test(
  'lanes: the busiest projections alone, the rest together; every projection once',
  async (t) => {
    // Given a batch of practices, a meeting and a publication
    const batch = await prepareBatch(
      [
        practiceShared({ participant: 'bali-process' }),
        practiceShared({ participant: 'puebla-process', minute: 1 }),
        meetingRecorded({ participant: 'colombo-process', minute: 2 }),
        publicationReleased({ participant: 'iom', minute: 3 }),
      ].map((e, i) => entry(e, i + 1)),
    );
    // When it is split into 3 lanes: the two busiest alone, the others (idle ones too) in the last
    const lanes = lanesOf(APPLIERS, relevantOf(batch), 3);
    t.equal(lanes.length, 3);
    t.same(
      lanes
        .flat()
        .map((a) => a.name)
        .sort(),
      APPLIERS.map((a) => a.name).sort(),
      'each once',
    );
    t.same(names(lanes)[0]!.length, 1);
    t.same(names(lanes)[1]!.length, 1);
    // one lane: everything in one transaction, in order
    t.same(names(lanesOf(APPLIERS, relevantOf(batch), 1)), [APPLIERS.map((a) => a.name)]);
  },
);

t.test('lanes: projections with nothing to apply ride with a busy one', async (t) => {
  // Given one practice (items, events, search read it; the others nothing)
  const batch = await prepareBatch([entry(practiceShared({ participant: 'bali-process' }), 1)]);
  // When split into as many lanes as projections
  const lanes = lanesOf(APPLIERS, relevantOf(batch), APPLIERS.length);
  // Then each busy one alone; the idle ones' rows move in the last busy lane
  const events = batch.entries.flatMap((e) => (e.result.ok ? [e.result.event] : []));
  const busy = (a: ProjectionApplier) => eventsFor(a, events).length > 0;
  t.ok(
    APPLIERS.some((a) => !busy(a)),
    'some projection has nothing to apply',
  );
  t.equal(lanes.length, APPLIERS.filter(busy).length);
  for (const lane of lanes) t.equal(lane.filter(busy).length, 1, 'one busy projection a lane');
  t.same(names(lanes).flat().sort(), APPLIERS.map((a) => a.name).sort());
  // an empty batch: one lane, the rows only
  t.same(names(lanesOf(APPLIERS, relevantOf({ entries: [] }), 3)), [APPLIERS.map((a) => a.name)]);
});
