import { test } from 'tap';
import { readSubject, subjectFor } from '@rcpx/bus';
import { readModels } from '@rcpx/db';
import { fixedClock, queriesExchange, queryBody } from './queries-support.ts';

// Exactly one `org.rcpx.query.closed` per query: two instances sweeping at once, the launcher
// closing through both, addressees replying through both, all at the deadline; then a restart.

const ASKED = ['iom', 'igc', 'apc', 'midsa', 'unhcr', 'ilo', 'lima-process', '5plus5'];

test('at the deadline, with two instances and a crowd: one close, no reply after it', async (t) => {
  const x = await queriesExchange(t);
  const launcher = await x.instance(fixedClock('2026-12-04T08:00:00Z'));
  const ids: string[] = [];
  let seq = 0;
  for (let i = 0; i < 3; i++) {
    const res = await x.request(
      launcher,
      'POST',
      '/v1/queries',
      'bali-process',
      queryBody('2026-12-05', { addressees: ASKED }),
    );
    t.equal(res.statusCode, 201, res.body);
    ids.push(res.json().id);
    seq = res.json().seq;
  }
  await x.projector.caughtUp(seq, 10_000);

  // instance A still on the deadline day (replies accepted), B the day after (refused)
  const a = await x.instance(fixedClock('2026-12-05T23:59:59Z'));
  const b = await x.instance(fixedClock('2026-12-06T00:00:01Z'));
  const after = fixedClock('2026-12-06T00:00:01Z');
  // three instances' sweepers (a sweeper's calls during a sweep share it: one call each)
  const sweepers = [await x.sweeper(after), await x.sweeper(after), await x.sweeper(after)];

  const answers = [{ ref: 'grants', text: { en: 'Yes.' } }];
  const replies: { id: string; who: string; via: string; status: number; seq?: number }[] = [];
  const closes: { id: string; status: number }[] = [];
  const attempts: Promise<unknown>[] = [];
  for (const id of ids) {
    for (const who of ASKED) {
      for (const [via, app] of [
        ['a', a],
        ['b', b],
      ] as const) {
        attempts.push(
          x.request(app, 'POST', `/v1/queries/${id}/replies`, who, { answers }).then((res) => {
            const body = res.json() as { seq?: number };
            replies.push({
              id,
              who,
              via,
              status: res.statusCode,
              ...(body.seq ? { seq: body.seq } : {}),
            });
          }),
        );
      }
    }
    for (const app of [a, b, a, b]) {
      attempts.push(
        x.request(app, 'POST', `/v1/queries/${id}/close`, 'bali-process').then((res) => {
          closes.push({ id, status: res.statusCode });
        }),
      );
    }
  }
  const swept: number[] = [];
  for (const s of sweepers) attempts.push(s.sweep().then((n) => swept.push(n)));
  await Promise.all(attempts);

  t.ok(
    replies.every((r) => [201, 409].includes(r.status)),
    'every reply is accepted or refused as closed/duplicate',
  );
  t.ok(
    replies.filter((r) => r.via === 'b').every((r) => r.status === 409),
    'past the deadline, every reply is refused',
  );
  t.ok(
    closes.every((c) => [200, 409].includes(c.status)),
    'every close: 200 or 409',
  );
  const sweptTotal = swept.reduce((s, n) => s + n, 0);
  const launcherCloses = closes.filter((c) => c.status === 200).length;
  t.equal(launcherCloses + sweptTotal, ids.length, 'one successful close per query, all told');

  let lastSeq = seq;
  for (const id of ids) {
    const events = [];
    for await (const stored of readSubject(x.bus, subjectFor(x.bus, 'query', id))) {
      events.push(stored);
    }
    const closed = events.filter((e) => e.event.type === 'org.rcpx.query.closed');
    t.equal(closed.length, 1, `query ${id}: exactly one closed`);
    const closeSeq = closed[0]!.seq;
    lastSeq = Math.max(lastSeq, closeSeq);
    t.equal(events.at(-1)!.seq, closeSeq, 'nothing after the close');
    const logged = events.filter((e) => e.event.type === 'org.rcpx.query.replied');
    const who = logged.map((e) => e.event.source);
    t.equal(new Set(who).size, who.length, 'at most one reply per participant');
    const accepted = replies.filter((r) => r.id === id && r.status === 201);
    t.same(
      accepted.map((r) => r.seq).sort(),
      logged.map((e) => e.seq).sort(),
      'the replies answered 201 are those in the log, before the close',
    );
    t.equal(closed[0]!.event.rcpxversion, events.length, 'closed: version n of the query');
    t.equal(closed[0]!.event.data.replies, logged.length);
  }

  // a restart at the deadline: a fresh sweeper closes nothing more
  const restarted = await x.sweeper(after);
  t.equal(await restarted.sweep(), 0, 'a restarted sweeper closes nothing more');
  const listed = await x.request(b, 'GET', `/v1/queries?status=open&minSeq=${lastSeq}`, 'admin');
  t.equal(listed.json().items.length, 0);
  const rows = await readModels(x.db, 'rm').selectFrom('queries').select(['status']).execute();
  t.same(
    rows.map((r) => r.status),
    ['closed', 'closed', 'closed'],
  );
});

test('the sweeper closes a query past its deadline by itself, once', async (t) => {
  const x = await queriesExchange(t);
  const app = await x.instance(fixedClock('2026-12-04T08:00:00Z'));
  const res = await x.request(app, 'POST', '/v1/queries', 'iom', queryBody('2026-12-10'));
  const { id, seq } = res.json() as { id: string; seq: number };
  await x.projector.caughtUp(seq, 10_000);
  const before = fixedClock('2026-12-10T23:00:00Z');
  t.equal(await (await x.sweeper(before)).sweep(), 0, 'not on the deadline day');
  const late = fixedClock('2026-12-11T00:00:00Z');
  const [s1, s2] = [await x.sweeper(late), await x.sweeper(late)];
  const [n1, n2] = await Promise.all([s1.sweep(), s2.sweep()]);
  t.equal(n1 + n2, 1, 'two sweepers at once: one close');
  const detail = await app.inject({
    url: `/v1/queries/${id}?minSeq=${seq + 1}`,
    headers: await x.headersOf('iom'),
  });
  t.match(detail.json(), { status: 'closed', closedBy: 'deadline', daysLeft: 6 });
});
