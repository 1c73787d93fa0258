import t from 'tap';
import type { AddressInfo } from 'node:net';
import { createClient } from '@rcpx/client';
import type { CloudEvent } from '@rcpx/contracts';
import { rng, waitFor } from '@rcpx/testing';
import { openSse, openWs, publish, startGateway } from './test-support.ts';
import { startProxy } from './test-proxy.ts';

const THEMES = ['trafficking', 'asylum', 'health', 'labour-migration', 'gender'];
const WANTED = ['trafficking', 'asylum'];
const TOTAL = 1000;

for (const transport of ['ws', 'sse'] as const) {
  for (const memory of ['recent events in memory', 'catch-up from the log'] as const) {
    t.test(`resume is exact over ${transport} (${memory})`, async (t) => {
      const gw = await startGateway(t, {
        hub: memory === 'catch-up from the log' ? { recentFrames: 4 } : {},
      });
      const proxy = await startProxy(t, (gw.app.server.address() as AddressInfo).port);
      const client = createClient({ baseUrl: `http://127.0.0.1:${proxy.port}` });
      const random = rng(transport === 'ws' ? 42 : 7);

      const published: { seq: number; themes: string[] }[] = [];
      let done = false;
      const expectedCount = () =>
        done ? published.filter((p) => p.themes.some((x) => WANTED.includes(x))).length : -1;
      const ac = new AbortController();
      t.teardown(() => ac.abort());
      let opened = 0;
      const received: number[] = [];
      // Cuts after a random number of events, and now and then right after (re)connecting.
      let cutAfter = 1 + Math.floor(random() * 40);
      const consuming = (async () => {
        for await (const event of client.live({
          transport,
          themes: WANTED,
          after: 0,
          signal: ac.signal,
          backoff: { initialMs: 5, maxMs: 50 },
          onStatus: (s) => {
            if (s.state === 'open' && ++opened % 5 === 0) proxy.cut();
          },
        })) {
          received.push((event as CloudEvent).rcpxseq);
          if (--cutAfter === 0) {
            proxy.cut();
            cutAfter = 1 + Math.floor(random() * 40);
          }
          if (received.length === expectedCount()) break;
        }
      })();

      // Publish in bursts of 10 concurrent appends, across themes.
      for (let i = 0; i < TOTAL; i += 10) {
        const batch = Array.from({ length: 10 }, () => {
          const a = THEMES[Math.floor(random() * THEMES.length)]!;
          const b = THEMES[Math.floor(random() * THEMES.length)]!;
          return a === b ? [a] : [a, b];
        });
        const seqs = await Promise.all(batch.map((themes) => publish(gw.bus, { themes })));
        seqs.forEach((seq, k) => published.push({ seq, themes: batch[k]! }));
      }
      done = true;
      const expected = published
        .filter((p) => p.themes.some((x) => WANTED.includes(x)))
        .map((p) => p.seq)
        .sort((a, b) => a - b);
      // If every expected event arrived while publishing, the loop is waiting for one more.
      if (received.length === expected.length) ac.abort();
      await consuming;

      t.ok(proxy.cuts >= 10, `the connection was cut ${proxy.cuts} times`);
      t.equal(received.length, expected.length, 'as many events as matched');
      t.same(received, expected, 'exactly the matching seqs, in order, no duplicate');
    });
  }
}

// The same, without the client's bookkeeping: a raw connection per round, resumed with `after`
// set to the last seq received. Proves the server itself sends no duplicate.
for (const transport of ['ws', 'sse'] as const) {
  t.test(`raw ${transport} reconnects with after=<last seq>: no gap, no duplicate`, async (t) => {
    const gw = await startGateway(t, { hub: { recentFrames: 16 } });
    const random = rng(transport === 'ws' ? 3 : 5);
    const published: { seq: number; themes: string[] }[] = [];
    let publishing = true;
    const publisher = (async () => {
      for (let i = 0; i < 500; i += 5) {
        const batch = Array.from({ length: 5 }, () => [THEMES[Math.floor(random() * 5)]!]);
        const seqs = await Promise.all(batch.map((themes) => publish(gw.bus, { themes })));
        seqs.forEach((seq, k) => published.push({ seq, themes: batch[k]! }));
      }
      publishing = false;
    })();
    const matching = () =>
      published.filter((p) => p.themes.some((x) => WANTED.includes(x))).map((p) => p.seq);

    const received: number[] = [];
    let rounds = 0;
    for (;;) {
      const after = received.at(-1) ?? 0;
      const url = `${gw.wsUrl}?themes=${WANTED.join(',')}&after=${after}`;
      const take = 1 + Math.floor(random() * 30);
      const finished = () => !publishing && received.length + got() >= matching().length;
      let got: () => number;
      let snapshot: () => number[];
      if (transport === 'ws') {
        const c = await openWs(url, { maxEvents: take });
        got = () => c.events.length;
        await waitFor(() => got() >= take || finished(), { timeoutMs: 30_000 });
        c.ws.terminate();
        snapshot = () => c.seqs();
      } else {
        const c = await openSse(url.replace(/^ws/, 'http'), { maxEvents: take });
        got = () => c.events.length;
        await waitFor(() => got() >= take || finished(), { timeoutMs: 30_000 });
        c.close();
        await c.ended;
        snapshot = () => c.seqs();
      }
      received.push(...snapshot());
      rounds++;
      if (!publishing && received.length >= matching().length) break;
    }
    await publisher;
    t.ok(rounds > 5, `${rounds} connections`);
    t.same(
      received,
      matching().sort((a, b) => a - b),
      'exactly the matching seqs, in order',
    );
  });
}
