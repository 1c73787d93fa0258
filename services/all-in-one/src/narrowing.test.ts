import { test } from 'tap';
import type { Test } from 'tap';
import { waitFor } from '@rcpx/testing';
import { startTestExchange } from './test-exchange.ts';

const ADMIN = 'narrowing-admin-token';

// Every HTTP surface in one process, on this file's own database and stream, with the projector,
// the live hub and the webhook worker running beside it as `npm start` runs them.
async function exchange(t: Test) {
  const { app, db, bus, projector, request } = await startTestExchange(t, {
    admin: ADMIN,
    tokens: { 'colombo-process': { participant: 'colombo-process', role: 'reader' } },
  });
  const publish = async (who: string, title: string, themes = ['trafficking']) => {
    const res = await request('POST', '/v1/practices', who, { title: { en: title }, themes });
    if (res.statusCode !== 201) throw new Error(`publish: ${res.statusCode} ${res.body}`);
    return res.json() as { id: string; version: number; seq: number };
  };
  const narrow = async (who: string, id: string, version: number, visibility: object) => {
    const res = await request(
      'PATCH',
      `/v1/practices/${id}`,
      who,
      { visibility },
      {
        'if-match': `"${version}"`,
      },
    );
    if (res.statusCode !== 200) throw new Error(`narrow: ${res.statusCode} ${res.body}`);
    return res.json() as { id: string; version: number; seq: number };
  };
  return { app, db, bus, projector, request, publish, narrow };
}

type Exchange = Awaited<ReturnType<typeof exchange>>;

/** Every event `who` reads from `/v1/events`, paging from 0 by its `Link` header. */
async function allEvents(x: Exchange, who: string, minSeq: number) {
  const out: { subject: string; rcpxseq: number }[] = [];
  let url = `/v1/events?after=0&limit=100&minSeq=${minSeq}`;
  for (;;) {
    const res = await x.request('GET', url, who);
    if (res.statusCode !== 200) throw new Error(`events: ${res.statusCode} ${res.body}`);
    const page = JSON.parse(res.body) as { subject: string; rcpxseq: number }[];
    out.push(...page);
    if (page.length < 100) return out;
    url = /<([^>]+)>/.exec(String(res.headers.link))![1]!;
  }
}

/** Every timeline entry `who` reads from `/v1/activity` (`filter` added), paging by cursor. */
async function allActivity(x: Exchange, who: string, minSeq: number, filter = '') {
  const out: { itemId: string; seq: number }[] = [];
  let cursor = '';
  for (;;) {
    const res = await x.request(
      'GET',
      `/v1/activity?limit=200&minSeq=${minSeq}${filter}${cursor}`,
      who,
    );
    if (res.statusCode !== 200) throw new Error(`activity: ${res.statusCode} ${res.body}`);
    const page = res.json() as { items: { itemId: string; seq: number }[]; nextCursor: string };
    out.push(...page.items);
    if (!page.nextCursor) return out;
    cursor = `&cursor=${page.nextCursor}`;
  }
}

const count = (list: { key: string; count: number }[], key: string) =>
  list.find((c) => c.key === key)?.count;

test('published public, then narrowed to members: no path serves the old public version', async (t) => {
  const x = await exchange(t);
  const { request } = x;

  // colombo follows trafficking by webhook (a receiver that is never called back here)
  const sub = await request('POST', '/v1/subscriptions', 'colombo-process', {
    url: 'http://127.0.0.1:9/hooks',
    themes: ['trafficking'],
    active: false,
  });
  t.equal(sub.statusCode, 201, sub.body);
  const subId = sub.json().id as string;
  const feedKey = (
    await request('POST', `/v1/subscriptions/${subId}/feed-key`, 'colombo-process')
  ).json().feedKey as string;

  const mistake = await x.publish('bali-process', 'Screening list published by mistake');
  const asPublic = await request(
    'GET',
    `/v1/practices/${mistake.id}?minSeq=${mistake.seq}`,
    'anonymous',
  );
  t.equal(asPublic.statusCode, 200, 'public at first');
  const before = (await request('GET', `/v1/stats?asOf=${mistake.seq}`, 'anonymous')).json() as {
    participants: { key: string; count: number }[];
  };
  t.equal(count(before.participants, 'bali-process'), 1, 'counted for everyone while public');

  const narrowed = await x.narrow('bali-process', mistake.id, 1, { level: 'members' });
  const other = await x.publish('iom', 'A public practice of IOM');
  const last = other.seq;
  const gone = (s: string) => s.includes(mistake.id);

  for (const who of ['anonymous', 'colombo-process']) {
    t.test(`as ${who}`, async (t) => {
      const detail = await request('GET', `/v1/practices/${mistake.id}?minSeq=${last}`, who);
      t.equal(detail.statusCode, 404, 'detail: 404');
      const versions = await request('GET', `/v1/practices/${mistake.id}/versions`, who);
      t.equal(versions.statusCode, 404, 'versions: 404');

      for (const filter of ['', '&theme=trafficking', '&participant=bali-process', '&q=mistake']) {
        const activity = await allActivity(x, who, last, filter);
        t.notOk(
          activity.some((a) => a.itemId === mistake.id),
          `activity${filter}: nothing of it`,
        );
        if (filter === '')
          t.ok(
            activity.some((a) => a.itemId === other.id),
            'others still there',
          );
      }

      const events = await allEvents(x, who, last);
      t.notOk(
        events.some((e) => gone(e.subject)),
        '/v1/events: nothing of it',
      );
      t.ok(
        events.some((e) => e.rcpxseq === other.seq),
        '/v1/events: the rest still there',
      );

      const key = who === 'colombo-process' ? `?key=${feedKey}` : '';
      for (const feed of ['themes/trafficking', 'participants/bali-process']) {
        const atom = await request('GET', `/v1/feeds/${feed}.atom${key}`, 'anonymous');
        t.equal(atom.statusCode, 200, `${feed}.atom`);
        t.notOk(gone(atom.body), `${feed}.atom${key ? ' (feed key)' : ''}: nothing of it`);
        t.notOk(atom.body.includes('by mistake'), `${feed}.atom: not its title either`);
      }

      for (const asOf of [mistake.seq, narrowed.seq, last]) {
        const stats = (
          await request('GET', `/v1/stats?asOf=${asOf}&recent=50&minSeq=${last}`, who)
        ).json() as {
          seq: number;
          participants: { key: string; count: number }[];
          recent: { itemId: string }[];
          next: number | null;
        };
        t.equal(stats.seq, asOf);
        t.equal(count(stats.participants, 'bali-process'), 0, `stats asOf ${asOf}: not counted`);
        t.notOk(
          stats.recent.some((r) => r.itemId === mistake.id),
          `stats asOf ${asOf}: not recent`,
        );
        if (asOf < last) t.equal(stats.next, other.seq, 'next skips its seqs');
      }
      const now = (await request('GET', `/v1/stats?recent=50`, who)).json() as {
        participants: { key: string; count: number }[];
        recent: { itemId: string }[];
      };
      t.equal(count(now.participants, 'bali-process'), 0, 'stats now: not counted');
      t.notOk(
        now.recent.some((r) => r.itemId === mistake.id),
        'stats now: not recent',
      );
    });
  }

  t.test('webhook replay of the other participant', async (t) => {
    // the replay reaches up to where the fan-out is
    await waitFor(async () => {
      const row = await x.db
        .selectFrom('consumer_checkpoints')
        .select('seq')
        .where('name', '=', 'webhooks')
        .executeTakeFirst();
      return Number(row?.seq ?? 0) >= last;
    });
    const replay = await request('POST', `/v1/subscriptions/${subId}/replay`, 'colombo-process', {
      after: 0,
    });
    t.equal(replay.statusCode, 202, replay.body);
    t.match(replay.json(), { queued: 1 }, 'only the public practice of IOM');
    const log = await request(
      'GET',
      `/v1/subscriptions/${subId}/deliveries?limit=100`,
      'colombo-process',
    );
    const seqs = (log.json().items as { seq: number; origin: string }[])
      .filter((d) => d.origin === 'replay')
      .map((d) => d.seq);
    t.same(seqs, [other.seq]);
  });

  for (const who of ['bali-process', 'admin']) {
    t.test(`the owner and the admin still see all of it: ${who}`, async (t) => {
      const activity = await allActivity(x, who, last);
      t.same(
        activity.filter((a) => a.itemId === mistake.id).map((a) => a.seq),
        [narrowed.seq, mistake.seq],
      );
      const events = await allEvents(x, who, last);
      t.same(
        events.filter((e) => gone(e.subject)).map((e) => e.rcpxseq),
        [mistake.seq, narrowed.seq],
      );
      const stats = (await request('GET', `/v1/stats?asOf=${mistake.seq}&recent=5`, who)).json();
      t.equal(count(stats.participants, 'bali-process'), 1, 'counted as of then');
      t.same(
        stats.recent.map((r: { itemId: string }) => r.itemId),
        [mistake.id],
      );
      const versions = await request('GET', `/v1/practices/${mistake.id}/versions`, who);
      t.same(
        versions.json().items.map((v: { version: number }) => v.version),
        [1, 2],
      );
    });
  }
});

test('many items narrowed at once under write load: none stays readable', async (t) => {
  const x = await exchange(t);
  const publishers = ['bali-process', 'iom', 'apc', 'igc'];
  const N = 40;
  const first = await Promise.all(
    Array.from({ length: N }, (_, i) =>
      x.publish(publishers[i % publishers.length]!, `Practice ${i} published by mistake`),
    ),
  );
  const beforeNarrowing = Math.max(...first.map((p) => p.seq));
  // each item narrowed by its owner: half to members, half shared with colombo-process only,
  // while new public practices keep coming in
  const toColombo = (i: number) => i % 2 === 1;
  const [narrowed, fresh] = await Promise.all([
    Promise.all(
      first.map((p, i) =>
        x.narrow(
          publishers[i % publishers.length]!,
          p.id,
          1,
          toColombo(i) ? { level: 'rcps', rcps: ['colombo-process'] } : { level: 'members' },
        ),
      ),
    ),
    Promise.all(
      Array.from({ length: N }, (_, i) =>
        x.publish(publishers[(i + 1) % publishers.length]!, `New public practice ${i}`),
      ),
    ),
  ]);
  const last = Math.max(...narrowed.map((p) => p.seq), ...fresh.map((p) => p.seq));
  const ids = new Set(first.map((p) => p.id));
  const colombos = new Set(first.filter((_, i) => toColombo(i)).map((p) => p.id));
  const freshIds = new Set(fresh.map((p) => p.id));
  const itemOf = (subject: string) => subject.slice(subject.lastIndexOf('/') + 1);

  const anonymous = await allEvents(x, 'anonymous', last);
  t.same(
    anonymous.map((e) => itemOf(e.subject)).filter((id) => ids.has(id)),
    [],
    'anonymous /v1/events: nothing of the narrowed items',
  );
  t.equal(anonymous.length, N, 'every new public practice, once');
  const anonymousActivity = await allActivity(x, 'anonymous', last, '&theme=trafficking');
  t.same(
    anonymousActivity.filter((a) => ids.has(a.itemId)),
    [],
    'anonymous activity',
  );

  const colombo = await allEvents(x, 'colombo-process', last);
  const seen = colombo.map((e) => itemOf(e.subject));
  t.same(
    [...new Set(seen.filter((id) => ids.has(id)))].sort(),
    [...colombos].sort(),
    'colombo-process: the items shared with it, not the members-only ones',
  );
  t.equal(
    seen.filter((id) => colombos.has(id)).length,
    2 * colombos.size,
    'both versions of each item shared with it',
  );
  t.equal(seen.filter((id) => freshIds.has(id)).length, N);

  for (const [who, expected] of [
    ['anonymous', 0],
    ['colombo-process', colombos.size],
    ['admin', N],
  ] as const) {
    const stats = (
      await x.request('GET', `/v1/stats?asOf=${beforeNarrowing}&minSeq=${last}`, who)
    ).json() as { themes: { key: string; count: number }[] };
    t.equal(count(stats.themes, 'trafficking'), expected, `${who}: counted as of before`);
  }
  for (const owner of publishers) {
    const mine = first.filter((_, i) => publishers[i % publishers.length] === owner);
    const activity = await allActivity(x, owner, last, `&participant=${owner}`);
    t.equal(
      activity.filter((a) => ids.has(a.itemId)).length,
      2 * mine.length,
      `${owner} still sees both versions of its own`,
    );
  }
});
