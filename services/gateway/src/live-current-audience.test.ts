import { randomUUID } from 'node:crypto';
import t from 'tap';
import { sql } from 'kysely';
import { append, subjectFor } from '@rcpx/bus';
import type { NewEvent, Visibility } from '@rcpx/contracts';
import { startProjector } from '@rcpx/projector';
import { waitFor } from '@rcpx/testing';
import type { TeardownHost } from '@rcpx/testing';
import { ADMIN_TOKEN, openSse, openWs, publish, startGateway } from './test-support.ts';
import type { Gateway, SseClient, WsClient } from './test-support.ts';

// A resume replays history: it serves each event under its item's *current* audience, as every
// other path that reads history does (rm.events), not under the event's own visibility.

function practiceEvent(
  itemId: string,
  version: number,
  visibility: Visibility,
  type = 'org.rcpx.practice.shared',
): NewEvent {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: '/participants/bali-process',
    type,
    subject: `practices/${itemId}`,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    rcpxversion: version,
    data: {
      title: { en: `Practice ${itemId}` },
      themes: ['trafficking'],
      visibility,
      ...(version > 1 && { changed: ['visibility'] }),
    },
  };
}

/** Publishes a public practice, then narrows it to members (projected); returns the seqs. */
async function narrowedItem(t: TeardownHost, gw: Gateway) {
  const projector = startProjector({ db: gw.db, bus: gw.bus, schema: 'rm' });
  t.teardown(() => projector.stop());
  const itemId = randomUUID();
  const subject = subjectFor(gw.bus, 'practice', itemId);
  const other = await publish(gw.bus, { participant: 'apc' });
  const { seq: shared } = await append(
    gw.bus,
    subject,
    practiceEvent(itemId, 1, { level: 'public' }),
  );
  const { seq: revised } = await append(
    gw.bus,
    subject,
    practiceEvent(itemId, 2, { level: 'members' }, 'org.rcpx.practice.revised'),
  );
  const barrier = await publish(gw.bus, { participant: 'apc' });
  await waitFor(async () => {
    const { rows } = await sql<{ seq: string }>`select seq from rm.checkpoint
      where name = 'events'`.execute(gw.db);
    return Number(rows[0]?.seq ?? 0) >= barrier;
  });
  return { projector, other, shared, revised, barrier };
}

type Conn = WsClient | SseClient;
const close = (c: Conn) => ('ws' in c ? c.ws.close() : c.close());

for (const [path, recentFrames] of [
  ['memory', 10_000],
  ['log', 0],
] as const) {
  t.test(
    `a resume from the ${path} serves history under the item's current audience`,
    async (t) => {
      const gw = await startGateway(t, { readModels: true, hub: { recentFrames } });
      const bali = await gw.mint('bali-process');
      const igc = await gw.mint('igc');
      const s = await narrowedItem(t, gw);

      const open = async (token?: string): Promise<Conn[]> => {
        const opts = token ? { token } : {};
        return [
          await openWs(`${gw.wsUrl}?after=0`, opts),
          await openSse(`${gw.url}/v1/live?after=0`, opts),
        ];
      };
      const expected: [string, string | undefined, number[]][] = [
        ['anonymous', undefined, [s.other, s.barrier]],
        ['igc', igc.token, [s.other, s.barrier]],
        ['the owner', bali.token, [s.other, s.shared, s.revised, s.barrier]],
        ['admin', ADMIN_TOKEN, [s.other, s.shared, s.revised, s.barrier]],
      ];
      for (const [name, token, seqs] of expected) {
        for (const c of await open(token)) {
          await waitFor(() => c.seqs().includes(s.barrier));
          t.same(c.seqs(), seqs, name);
          close(c);
        }
      }

      // A crowd of anonymous resumers, at once, and live after: nothing withheld comes, no gap.
      const crowd = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          i % 2 === 0 ? openWs(`${gw.wsUrl}?after=0`) : openSse(`${gw.url}/v1/live?after=0`),
        ),
      );
      const next = await publish(gw.bus, { participant: 'apc' });
      for (const c of crowd) {
        await waitFor(() => c.seqs().includes(next));
        t.same(c.seqs(), [s.other, s.barrier, next], 'a resumer of the crowd');
        close(c);
      }

      // Resuming after the withheld seqs moves on from them (no gap, no duplicate).
      const later = await openWs(`${gw.wsUrl}?after=${s.shared}`);
      await waitFor(() => later.seqs().includes(next));
      t.same(later.seqs(), [s.barrier, next], 'a resume after the withheld seqs');
      close(later);

      // Events the read models have not reached yet are judged by their own visibility.
      await s.projector.stop();
      const unprojected = await publish(gw.bus, { participant: 'bali-process' });
      const fresh = await openSse(`${gw.url}/v1/live?after=0`);
      await waitFor(() => fresh.seqs().includes(unprojected));
      t.same(fresh.seqs(), [s.other, s.barrier, next, unprojected], 'not projected yet: its own');
      fresh.close();
    },
  );
}
