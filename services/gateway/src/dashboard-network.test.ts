import t from 'tap';
import type { QuerySummary } from '@rcpx/client';
import type { FollowUpSummaryItem } from '@rcpx/contracts';
import { createApi } from '../dashboard/src/api.ts';
import { FLOW_HEIGHT, FLOW_WIDTH, layoutFlows } from '../dashboard/src/flows-layout.ts';
import { networkStrings, timeLeft } from '../dashboard/src/i18n-network.ts';
import { NetworkPanels, networkLoaders, panelsOf } from '../dashboard/src/network.ts';
import type { NetworkLoaders } from '../dashboard/src/network.ts';

// The network panels' logic without a browser: the flow drawing's geometry, the countdown, which
// events refresh which panel, and the refresh bookkeeping (debounced, ordered, retried).

t.test(
  'layoutFlows: bands ∝ practices, each node as thick as what passes through it',
  async (t) => {
    const layout = layoutFlows([
      { from: 'bali-process', to: 'colombo-process', stage: 'adapted', n: 2 },
      { from: 'bali-process', to: 'iom', stage: 'considering', n: 1 },
      { from: 'colombo-process', to: 'puebla-process', stage: 'piloting', n: 1 },
      { from: 'x', to: 'y', stage: 'unknown-stage', n: 5 },
      { from: 'x', to: 'y', stage: 'adopted', n: 0 },
    ]);
    t.equal(layout.total, 4, 'unknown stages and empty rows left out');
    t.equal(layout.bands.length, 3);
    const node = (side: string, slug: string) =>
      layout.nodes.find((n) => n.side === side && n.slug === slug)!;
    t.equal(node('from', 'bali-process').n, 3);
    t.equal(node('to', 'colombo-process').n, 2);
    t.equal(layout.nodes.filter((n) => n.side === 'from').length, 2);
    t.equal(layout.nodes.filter((n) => n.side === 'to').length, 3);
    const bali = node('from', 'bali-process');
    const colombo = node('from', 'colombo-process');
    t.ok(Math.abs(bali.height - 3 * colombo.height) < 1e-9, 'heights ∝ practices');
    t.ok(bali.y < colombo.y, 'the busiest first');
    for (const n of layout.nodes) {
      t.ok(n.y >= 0 && n.y + n.height <= FLOW_HEIGHT, `${n.side} ${n.slug} inside the drawing`);
    }
    for (const b of layout.bands) t.match(b.d, /^M[\d.]+,[\d.]+ C.* Z$/);
    t.same(layoutFlows([]), {
      width: FLOW_WIDTH,
      height: FLOW_HEIGHT,
      nodes: [],
      bands: [],
      total: 0,
    });
  },
);

t.test('timeLeft: to the end of the deadline day (UTC)', async (t) => {
  const now = Date.parse('2026-12-04T22:00:00Z');
  t.same(timeLeft('2026-12-04', now), { days: 0, hms: '02:00:00' }, 'the deadline day is in time');
  t.same(timeLeft('2026-12-14', now), { days: 10, hms: '02:00:00' });
  t.equal(timeLeft('2026-12-03', now), null, 'past');
  t.equal(timeLeft('nonsense', now), null);
  t.equal(networkStrings('fr').left(3, '01:02:03'), 'encore 3 j 01:02:03');
});

t.test('panelsOf: which events refresh which panel', async (t) => {
  const of = (type: string, data: unknown = {}) => panelsOf({ type, rcpxseq: 1, data });
  t.same(of('org.rcpx.practice.adoption.recorded'), ['flows']);
  t.same(of('org.rcpx.practice.withdrawn'), ['flows']);
  t.same(of('org.rcpx.practice.revised', { changed: ['visibility'] }), ['flows']);
  t.same(of('org.rcpx.practice.revised', { changed: ['title'] }), []);
  t.same(of('org.rcpx.practice.shared'), []);
  for (const type of ['launched', 'replied', 'reply.revised', 'closed']) {
    t.same(of(`org.rcpx.query.${type}`), ['queries'], type);
  }
  t.same(of('org.rcpx.followup.reported'), ['followUps']);
  t.same(of('org.rcpx.meeting.withdrawn'), ['followUps']);
  t.same(of('org.rcpx.publication.released'), []);
});

t.test('NetworkPanels: reads debounced, at least up to the event, retried', async (t) => {
  const calls: { name: string; minSeq: number | undefined }[] = [];
  let fail = 0;
  const loaders: NetworkLoaders = {
    async flows(minSeq) {
      calls.push({ name: 'flows', minSeq });
      if (fail > 0) {
        fail--;
        throw new Error('503');
      }
      return [{ from: 'a', to: 'b', stage: 'adopted', n: minSeq ?? 0 }];
    },
    async queries(minSeq) {
      calls.push({ name: 'queries', minSeq });
      return [] as QuerySummary[];
    },
    async followUps(minSeq) {
      calls.push({ name: 'followUps', minSeq });
      return [] as FollowUpSummaryItem[];
    },
  };
  let changes = 0;
  const panels = new NetworkPanels(loaders, () => changes++, 5, 20);
  const settle = () => new Promise((r) => setTimeout(r, 60));

  panels.refreshAll(7);
  await settle();
  t.same(
    calls.map((c) => `${c.name}@${c.minSeq}`),
    ['flows@7', 'queries@7', 'followUps@7'],
  );
  t.same(panels.flows, { data: [{ from: 'a', to: 'b', stage: 'adopted', n: 7 }], failed: false });

  calls.length = 0;
  for (let seq = 8; seq <= 12; seq++) {
    panels.onEvent({ type: 'org.rcpx.practice.adoption.recorded', rcpxseq: seq });
  }
  await settle();
  t.same(calls, [{ name: 'flows', minSeq: 12 }], 'a burst is read once, up to its last seq');

  calls.length = 0;
  fail = 1;
  const before = changes;
  panels.request('flows', 13);
  await new Promise((r) => setTimeout(r, 15));
  t.equal(panels.flows.failed, true, 'a failed read is shown');
  t.equal(panels.flows.data![0]!.n, 12, 'with the data it had');
  await settle();
  t.same(
    calls.map((c) => c.minSeq),
    [13, 13],
    'retried with the same seq',
  );
  t.same(panels.flows, { data: [{ from: 'a', to: 'b', stage: 'adopted', n: 13 }], failed: false });
  t.ok(changes > before);
});

t.test('the follow-up panel is one read, whatever the number of participants', async (t) => {
  const urls: string[] = [];
  const line = { participant: 'iom', total: 2, counts: { implemented: 1, none: 1 } };
  const fetchFn = (async (url: string) => {
    urls.push(url);
    const body = { items: [{ ...line, overdueCount: 1, shareImplemented: 0.5 }] };
    return new Response(JSON.stringify(body), { headers: { 'rcpx-seq': '9' } });
  }) as typeof fetch;
  const loaders = networkLoaders(createApi('a-token', fetchFn));
  t.same(await loaders.followUps(9), [{ ...line, overdueCount: 1, shareImplemented: 0.5 }]);
  t.same(urls, ['/v1/follow-ups/summary?minSeq=9']);
});
