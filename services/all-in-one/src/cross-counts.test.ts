import { test } from 'tap';
import {
  crossScenario,
  entitledCount,
  LEVELS,
  OWNER,
  READERS,
  SOURCE,
} from './cross-matrix-support.ts';

// `crossCounts` on /v1/participants and /v1/themes, and `cross` on /v1/stats (now and as of a
// seq): adoptions, follow-ups, queries and replies counted for exactly the readers entitled.

test('counts of the new kinds: what each reader may see, now and as of a seq', async (t) => {
  const x = await crossScenario(t);
  const endOfScenario = x.last;
  // one more event after the scenario: as of its end, stats come from the log, not the models
  await x.write('POST', '/v1/practices', 'ilo', { title: { en: 'Tail' }, themes: ['health'] });
  for (const reader of READERS) {
    const owner = reader === OWNER || reader === 'admin';
    // the narrowed reply is members-only now
    const expected = {
      adoptions: entitledCount(reader, LEVELS),
      followUps: entitledCount(reader, LEVELS),
      queries: entitledCount(reader, ['public', 'rcps']),
      replies: entitledCount(reader, LEVELS) + (owner ? 1 : 0),
    };
    const list = await x.read(reader, '/v1/participants');
    const entry = (list.body.items as { slug: string; crossCounts: object }[]).find(
      (p) => p.slug === OWNER,
    );
    t.same(entry?.crossCounts, expected, `/v1/participants: ${OWNER} to ${reader}`);
    const source = (list.body.items as { slug: string; crossCounts: object }[]).find(
      (p) => p.slug === SOURCE,
    );
    t.same(
      source?.crossCounts,
      { adoptions: 0, followUps: 0, queries: 4, replies: 0 },
      `${SOURCE}'s public queries to ${reader}`,
    );
    const one = await x.read(reader, `/v1/participants/${OWNER}`);
    t.same(one.body.crossCounts, expected, `/v1/participants/${OWNER} to ${reader}`);

    const themes = (await x.read(reader, '/v1/themes')).body.items as {
      slug: string;
      crossCounts: Record<string, number>;
    }[];
    const on = (slug: string) => themes.find((th) => th.slug === slug)!.crossCounts;
    t.equal(
      on('labour-migration').adoptions,
      expected.adoptions,
      `adoptions on the practices' theme`,
    );
    t.equal(on('trafficking').followUps, expected.followUps, `follow-ups on the meetings' theme`);
    t.match(
      on('return-reintegration'),
      { queries: expected.queries + 4, replies: expected.replies },
      `queries and replies on the queries' theme (${reader})`,
    );
    t.equal(on('asylum').queries, 0);
    const theme = await x.read(reader, '/v1/themes/trafficking');
    t.equal(theme.body.crossCounts.followUps, expected.followUps);

    const stats = await x.read(reader, '/v1/stats');
    const ofOwner = (s: { cross: { participants: { key: string }[] } }) =>
      s.cross.participants.find((p) => p.key === OWNER);
    t.same(ofOwner(stats.body), { key: OWNER, ...expected }, `/v1/stats cross to ${reader}`);
    t.same(stats.body.cross.total, {
      adoptions: expected.adoptions,
      followUps: expected.followUps,
      queries: expected.queries + 4,
      replies: expected.replies,
    });

    // time travel: before any reply; and while the narrowed reply was still public
    const before = await x.read(reader, `/v1/stats?asOf=${x.beforeReplies}`);
    t.equal(before.body.seq, x.beforeReplies);
    t.same(ofOwner(before.body), { key: OWNER, ...expected, replies: 0 }, `asOf before replies`);
    const then = await x.read(reader, `/v1/stats?asOf=${x.narrowed.publicSeq}`);
    t.same(
      ofOwner(then.body),
      { key: OWNER, ...expected, replies: entitledCount(reader, LEVELS) + 1 },
      `asOf while the narrowed reply was public (${reader})`,
    );
    const justBefore = await x.read(reader, `/v1/stats?asOf=${x.narrowed.reply.seq - 1}`);
    t.same(justBefore.body.cross, then.body.cross, 'the same until the revision');
    const atEnd = await x.read(reader, `/v1/stats?asOf=${endOfScenario}`);
    t.equal(atEnd.body.seq, endOfScenario);
    t.same(atEnd.body.cross, stats.body.cross, 'as of the revision (from the log): as now');
  }
});

test('counts read again within a second: a write is counted when minSeq asks for it', async (t) => {
  const x = await crossScenario(t);
  // x.read asks minSeq = the last seq written so far (so at least the reader's own write)
  const queriesOf = async (slug: string) => {
    const res = await x.read('anonymous', '/v1/participants');
    const items = res.body.items as { slug: string; crossCounts: { queries: number } }[];
    return items.find((p) => p.slug === slug)!.crossCounts.queries;
  };
  const before = await queriesOf(SOURCE);
  // several writers at once, each reading its own write back at once
  const counts = await Promise.all(
    Array.from({ length: 6 }, async (_, i) => {
      const { seq } = await x.write('POST', '/v1/queries', SOURCE, {
        title: { en: `Crowd query ${i}` },
        questions: [{ ref: 'q1', text: { en: 'Anything?' } }],
        themes: ['return-reintegration'],
        deadline: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
        addressees: [OWNER],
      });
      t.ok(seq > 0);
      return queriesOf(SOURCE);
    }),
  );
  for (const n of counts)
    t.ok(n > before, `a reader after its own write sees it (${n} > ${before})`);
  t.equal(await queriesOf(SOURCE), before + 6, 'all six once the last one is read');
});
