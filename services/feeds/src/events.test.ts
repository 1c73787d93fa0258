import { test } from 'tap';
import { canRead } from '@rcpx/contracts';
import type { Reader, Visibility } from '@rcpx/contracts';
import { buildApp } from './app.ts';
import { harness, quietLogger, share, tokenFor } from './test-support.ts';

const nextOf = (link: string | undefined) => {
  const m = /^<([^>]+)>; rel="next"$/.exec(link ?? '');
  if (!m) throw new Error(`no next link in ${link}`);
  return m[1]!;
};

test('GET /v1/events: every visible event exactly once, in seq order, by paging', async (t) => {
  const { db, bus, sync, appDb } = await harness(t);
  const app = await buildApp({
    config: { RCPX_READ_SCHEMA: 'rm', RCPX_ADMIN_TOKEN: 'admin-secret-token' },
    db: appDb(),
    logger: quietLogger(),
    routes: { minSeqTimeoutMs: 300 },
  });
  t.teardown(() => app.close());

  const specs = [];
  const owners = ['bali-process', 'colombo-process', 'iom'];
  for (let i = 0; i < 30; i++) {
    const participant = owners[i % 3]!;
    const visibility: Visibility =
      i % 5 === 0
        ? { level: 'members' }
        : i % 5 === 1
          ? { level: 'rcps', rcps: ['bali-process'] }
          : { level: 'public' };
    specs.push(
      await share(bus, { participant, visibility, themes: [i % 2 ? 'health' : 'asylum'] }),
    );
  }
  await sync();

  const tokens = {
    bali: await tokenFor(db, 'bali-process'),
    colombo: await tokenFor(db, 'colombo-process'),
  };
  const readers: [string, Reader, string | undefined][] = [
    ['anonymous', { kind: 'anonymous' }, undefined],
    [
      'bali',
      { kind: 'participant', participant: 'bali-process', role: 'reader', tokenId: 'x' },
      tokens.bali,
    ],
    [
      'colombo',
      { kind: 'participant', participant: 'colombo-process', role: 'reader', tokenId: 'x' },
      tokens.colombo,
    ],
    ['admin', { kind: 'admin' }, 'admin-secret-token'],
  ];
  for (const [name, reader, token] of readers) {
    const headers = token ? { authorization: `Bearer ${token}` } : {};
    const seen: { id: string; rcpxseq: number }[] = [];
    let url = '/v1/events?after=0&limit=4';
    let last = '';
    for (let pages = 0; pages < 50; pages++) {
      const r = await app.inject({ url, headers });
      t.equal(r.statusCode, 200);
      t.equal(r.headers['content-type'], 'application/cloudevents-batch+json; charset=utf-8');
      const batch = r.json() as { id: string; rcpxseq: number; specversion: string }[];
      seen.push(...batch);
      last = url;
      url = nextOf(r.headers.link as string);
      if (batch.length === 0) break;
    }
    const expected = specs.filter((s) => canRead(reader, s.visibility, s.participant));
    t.same(
      seen.map((e) => e.id),
      expected.map((s) => s.id),
      `${name}: every visible event once, in order`,
    );
    t.same(
      seen.map((e) => e.rcpxseq),
      expected.map((s) => s.seq),
    );
    t.ok(url.includes(`after=${specs[specs.length - 1]!.seq}`), `${name}: polls on from the end`);
    t.not(last, '');
    if (name === 'bali') {
      const colomboMembers = specs.filter(
        (s) => s.participant === 'colombo-process' && s.visibility.level === 'members',
      );
      t.ok(colomboMembers.length > 0);
      t.notOk(
        seen.some((e) => colomboMembers.some((s) => s.id === e.id)),
        "colombo's members-only events never reach bali",
      );
    }
  }

  // Polling at the end picks up exactly the new events.
  const end = await app.inject({ url: '/v1/events?after=0&limit=1000' });
  const poll = nextOf(end.headers.link as string);
  const fresh = await share(bus, { participant: 'iom', themes: ['health'] });
  await share(bus, { participant: 'iom', visibility: { level: 'members' } });
  await sync();
  const more = await app.inject({ url: poll });
  t.same(
    (more.json() as { id: string }[]).map((e) => e.id),
    [fresh.id],
  );

  // Filters.
  const health = await app.inject({ url: '/v1/events?theme=health&participant=iom&limit=1000' });
  const got = health.json() as { data: { themes: string[] }; source: string }[];
  t.ok(got.length > 0);
  t.ok(got.every((e) => e.data.themes.includes('health') && e.source === '/participants/iom'));
  const typed = await app.inject({ url: '/v1/events?type=org.rcpx.meeting.outcome.recorded' });
  t.same(typed.json(), []);
  t.match(typed.headers.link, /types=org\.rcpx\.meeting\.outcome\.recorded/);

  // Read-your-writes, and bad input.
  const behind = await app.inject({ url: '/v1/events?minSeq=999999' });
  t.equal(behind.statusCode, 503);
  t.ok(behind.headers['retry-after']);
  for (const q of ['after=-1', 'limit=0', 'limit=5000', 'theme=nope', 'type=bogus', 'after=x']) {
    const r = await app.inject({ url: `/v1/events?${q}` });
    t.equal(r.statusCode, 400, q);
    t.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8');
  }
  const badToken = await app.inject({
    url: '/v1/events',
    headers: { authorization: 'Bearer nope' },
  });
  t.equal(badToken.statusCode, 401);
});
