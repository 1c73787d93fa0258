import { rng } from '@rcpx/testing';
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { EVENT_TYPES, canRead, intersectVisibility } from '@rcpx/contracts';
import type { Reader, Visibility } from '@rcpx/contracts';
import { applyBatch } from '@rcpx/projector';
import { countsFor } from './counts.ts';
import { countsAsOf } from './stats.ts';
import { READERS, startQueryApp } from './test-app.ts';
import type { ReaderName } from './test-app.ts';

// Time travel: `GET /v1/stats?asOf=<seq>` must give, for every reader and every seq, the counts
// of the items active at that seq that the reader may read both as they were then and as they
// are now (history is served under the item's current audience): the counts the projector's
// `counts` table held then, less the items narrowed away from the reader since.

const readerOf = (name: ReaderName): Reader =>
  name === 'anonymous'
    ? { kind: 'anonymous' }
    : name === 'admin'
      ? { kind: 'admin' }
      : { kind: 'participant', participant: name, role: 'reader', tokenId: randomUUID() };

const THEME_POOL = ['trafficking', 'asylum', 'labour-migration', 'health', 'gender', 'trade'];
const PUBLISHERS = ['bali-process', 'colombo-process', 'iom', '5plus5'];
const VISIBILITIES: Visibility[] = [
  { level: 'public' },
  { level: 'public' },
  { level: 'members' },
  { level: 'rcps', rcps: ['colombo-process'] },
  { level: 'rcps', rcps: ['bali-process', 'iom'] },
];

interface LoggedEvent {
  seq: number;
  type: string;
  owner: string;
  themes: string[];
  visibility: Visibility;
  event: Record<string, unknown>;
}

/** A random but valid log: shares, revisions (themes/visibility), withdrawals, meetings, publications. */
function randomLog(n: number, seed: number): LoggedEvent[] {
  const rand = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;
  const themes = () => [...new Set([pick(THEME_POOL), pick(THEME_POOL), pick(THEME_POOL)])];
  const alive: { id: string; owner: string; version: number; data: Record<string, unknown> }[] = [];
  const log: LoggedEvent[] = [];
  const push = (
    seq: number,
    kind: string,
    type: string,
    item: { id: string; owner: string; version: number },
    data: Record<string, unknown>,
  ) =>
    log.push({
      seq,
      type,
      owner: item.owner,
      themes: data.themes as string[],
      visibility: data.visibility as Visibility,
      event: {
        specversion: '1.0',
        id: randomUUID(),
        source: `/participants/${item.owner}`,
        type,
        subject: `${kind}s/${item.id}`,
        time: new Date(Date.UTC(2026, 4, 4, 9, 0, seq)).toISOString(),
        datacontenttype: 'application/json',
        rcpxseq: seq,
        rcpxversion: item.version,
        data,
      },
    });
  for (let seq = 1; seq <= n; seq++) {
    const r = rand();
    const fresh = { id: randomUUID(), owner: pick(PUBLISHERS), version: 1 };
    if (r < 0.3 && alive.length > 0) {
      const item = pick(alive);
      item.version++;
      const change = pick(['themes', 'visibility', 'title']);
      if (change === 'themes') item.data = { ...item.data, themes: themes() };
      if (change === 'visibility') item.data = { ...item.data, visibility: pick(VISIBILITIES) };
      if (change === 'title') item.data = { ...item.data, title: { en: `Revised ${seq}` } };
      push(seq, 'practice', EVENT_TYPES.practiceRevised, item, {
        ...item.data,
        changed: [change],
      });
    } else if (r < 0.4 && alive.length > 0) {
      const item = alive.splice(Math.floor(rand() * alive.length), 1)[0]!;
      item.version++;
      const { title, themes: th, visibility } = item.data;
      push(seq, 'practice', EVENT_TYPES.practiceWithdrawn, item, { title, themes: th, visibility });
    } else if (r < 0.5) {
      push(seq, 'meeting', EVENT_TYPES.meetingOutcomeRecorded, fresh, {
        meeting: {
          title: { en: `Meeting ${seq}` },
          level: 'technical-workshop',
          startsOn: '2026-05-04',
        },
        outcomes: [{ kind: 'conclusions', text: 'Agreed.' }],
        themes: themes(),
        visibility: pick(VISIBILITIES),
      });
    } else if (r < 0.6) {
      push(seq, 'publication', EVENT_TYPES.publicationReleased, fresh, {
        title: { fr: `Publication ${seq}` },
        kind: 'report',
        url: 'https://example.org/report',
        themes: themes(),
        visibility: pick(VISIBILITIES),
      });
    } else {
      const data = {
        title: { es: `Práctica ${seq}` },
        themes: themes(),
        visibility: pick(VISIBILITIES),
      };
      alive.push({ ...fresh, data });
      push(seq, 'practice', EVENT_TYPES.practiceShared, fresh, data);
    }
  }
  return log;
}

type Snapshot = Record<'theme' | 'participant' | 'kind', Record<string, number>>;

const nonZero = (entries: Iterable<[string, number]>) =>
  Object.fromEntries(
    [...entries].filter(([, n]) => n !== 0).sort(([a], [b]) => a.localeCompare(b)),
  );

t.test('asOf counts: the items active then that the reader may read then and now', async (t) => {
  const qa = await startQueryApp(t);
  const log = randomLog(120, 20261127);
  type ItemAt = {
    id: string;
    kind: string;
    participant: string;
    status: string;
    themes: string[];
    vis_level: 'public' | 'members' | 'rcps';
    vis_rcps: string[];
  };
  const visibility = (i: ItemAt): Visibility =>
    i.vis_level === 'rcps' ? { level: 'rcps', rcps: i.vis_rcps } : { level: i.vis_level };
  const itemsAt: ItemAt[][] = [];
  const snapshotItems = async () => {
    itemsAt.push(
      await qa.db
        .withSchema(qa.schema)
        .selectFrom('items')
        .select(['id', 'kind', 'participant', 'status', 'themes', 'vis_level', 'vis_rcps'])
        .execute(),
    );
  };
  await snapshotItems();
  for (const e of log) {
    await applyBatch(qa.db, [{ seq: e.seq, event: e.event }], { schema: qa.schema, notify: false });
    await snapshotItems();
  }
  const withdrawn = log.filter((e) => e.type === EVENT_TYPES.practiceWithdrawn).length;
  t.ok(withdrawn > 3, `the log withdraws items (${withdrawn})`);
  const now = new Map(itemsAt[log.length]!.map((i) => [i.id, visibility(i)]));
  const expected = (seq: number, name: ReaderName): Snapshot => {
    const reader = readerOf(name);
    const tally = { theme: new Map(), participant: new Map(), kind: new Map() } as Record<
      keyof Snapshot,
      Map<string, number>
    >;
    const add = (dim: keyof Snapshot, key: string) =>
      tally[dim].set(key, (tally[dim].get(key) ?? 0) + 1);
    for (const i of itemsAt[seq]!) {
      if (i.status !== 'active') continue;
      if (!canRead(reader, intersectVisibility(visibility(i), now.get(i.id)!), i.participant)) {
        continue;
      }
      for (const th of i.themes) add('theme', th);
      add('participant', i.participant);
      add('kind', i.kind);
    }
    return {
      theme: nonZero(tally.theme),
      participant: nonZero(tally.participant),
      kind: nonZero(tally.kind),
    };
  };
  const snapshots = itemsAt.map((_, seq) =>
    Object.fromEntries(READERS.map((name) => [name, expected(seq, name)])),
  ) as Record<ReaderName, Snapshot>[];
  // at the end, the same as the projector's counts
  for (const name of READERS) {
    const s = {} as Snapshot;
    for (const dim of ['theme', 'participant', 'kind'] as const) {
      s[dim] = nonZero(await countsFor(qa.db, qa.schema, readerOf(name), dim));
    }
    t.same(snapshots[log.length]![name], s, `the expectation agrees with counts as ${name}`);
  }
  const narrowedAway = itemsAt.some((items) =>
    items.some(
      (i) => i.status === 'active' && i.vis_level === 'public' && now.get(i.id)!.level !== 'public',
    ),
  );
  t.ok(narrowedAway, 'the log narrows items that were public');

  let compared = 0;
  for (let seq = 0; seq <= log.length; seq++) {
    for (const name of READERS) {
      const res = await qa.get(`/v1/stats?asOf=${seq}`, name);
      if (res.status !== 200) t.fail(`asOf=${seq} as ${name}: ${res.status}`);
      const body = res.body as {
        seq: number;
        themes: { key: string; count: number }[];
        participants: { key: string; count: number }[];
        kinds: { key: string; count: number }[];
      };
      const got: Snapshot = {
        theme: nonZero(body.themes.map((c) => [c.key, c.count])),
        participant: nonZero(body.participants.map((c) => [c.key, c.count])),
        kind: nonZero(body.kinds.map((c) => [c.key, c.count])),
      };
      if (body.seq !== seq) t.fail(`asOf=${seq}: seq ${body.seq}`);
      const want = snapshots[seq]![name];
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        t.same(got, want, `asOf=${seq} as ${name}`);
      } else compared++;
    }
  }
  t.equal(compared, (log.length + 1) * READERS.length, 'every seq × reader agrees');

  // At the checkpoint the answer comes from `counts`; the log-based path must agree there too.
  for (const name of READERS) {
    const fromLog = await countsAsOf(qa.db, qa.schema, readerOf(name), log.length);
    t.same(
      {
        theme: nonZero(fromLog.theme),
        participant: nonZero(fromLog.participant),
        kind: nonZero(fromLog.kind),
      },
      snapshots[log.length]![name],
      `log-based counts at the checkpoint as ${name}`,
    );
  }
});

/** Each event's visibility as served: its own narrowed by its item's current (last) one. */
function servedUnderCurrent(log: readonly LoggedEvent[]): Map<number, Visibility> {
  const current = new Map<string, { visibility: Visibility; withdrawn: boolean }>();
  for (const e of log) {
    const item = String(e.event.subject);
    if (current.get(item)?.withdrawn) continue;
    current.set(item, {
      visibility: e.visibility,
      withdrawn: e.type === EVENT_TYPES.practiceWithdrawn,
    });
  }
  return new Map(
    log.map((e) => [
      e.seq,
      intersectVisibility(e.visibility, current.get(String(e.event.subject))!.visibility),
    ]),
  );
}

t.test('recent: the newest visible events up to asOf, filtered by any of themes', async (t) => {
  const qa = await startQueryApp(t);
  const log = randomLog(60, 7);
  for (const e of log) {
    await applyBatch(qa.db, [{ seq: e.seq, event: e.event }], { schema: qa.schema, notify: false });
  }
  const served = servedUnderCurrent(log);
  t.ok(
    log.some((e) => e.visibility.level === 'public' && served.get(e.seq)!.level !== 'public'),
    'the log narrows public versions',
  );
  for (const name of READERS) {
    const reader = readerOf(name);
    for (const [asOf, themes] of [
      [30, undefined],
      [45, ['trafficking', 'health']],
      [60, ['gender']],
    ] as const) {
      const qs = `asOf=${asOf}&recent=7${themes ? `&themes=${themes.join(',')}` : ''}`;
      const res = await qa.get(`/v1/stats?${qs}`, name);
      t.equal(res.status, 200);
      const want = log
        .filter((e) => e.seq <= asOf && canRead(reader, served.get(e.seq)!, e.owner))
        .filter((e) => !themes || e.themes.some((th) => (themes as readonly string[]).includes(th)))
        .map((e) => e.seq)
        .reverse()
        .slice(0, 7);
      const recent = res.body.recent as { seq: number; type: string; event: { rcpxseq: number } }[];
      t.same(
        recent.map((r) => r.seq),
        want,
        `${qs} as ${name}`,
      );
      for (const r of recent) t.equal(r.event.rcpxseq, r.seq);
      const next = log.find((e) => e.seq > asOf && canRead(reader, served.get(e.seq)!, e.owner));
      t.equal(res.body.next, next?.seq ?? null, `next after ${asOf} as ${name}`);
    }
  }
  const none = await qa.get('/v1/stats?asOf=60');
  t.same(none.body.recent, [], 'recent defaults to none');
});

t.test('without asOf, or beyond the checkpoint: as of the checkpoint', async (t) => {
  const qa = await startQueryApp(t);
  const log = randomLog(20, 3);
  for (const e of log) {
    await applyBatch(qa.db, [{ seq: e.seq, event: e.event }], { schema: qa.schema, notify: false });
  }
  const now = await qa.get('/v1/stats', 'admin');
  t.equal(now.status, 200);
  t.equal(now.body.seq, 20);
  t.equal(now.headers['rcpx-seq'], '20');
  t.match(now.headers.vary, /authorization/i);
  const beyond = await qa.get('/v1/stats?asOf=9999', 'admin');
  t.equal(beyond.body.seq, 20, 'clamped to the checkpoint');
  t.same(beyond.body.themes, now.body.themes);
  t.equal(now.body.themes.length >= 18, true, 'the whole taxonomy, zeros included');
  t.equal(now.body.participants.length >= 12, true, 'the whole registry, zeros included');
  t.same(
    now.body.kinds.map((c: { key: string }) => c.key),
    ['practice', 'meeting', 'publication'],
  );
});

t.test('bad query values: 400 problem+json', async (t) => {
  const qa = await startQueryApp(t);
  for (const qs of ['asOf=-1', 'asOf=abc', 'recent=201', 'recent=-1', 'themes=nope', 'minSeq=x']) {
    const res = await qa.get(`/v1/stats?${qs}`);
    t.equal(res.status, 400, qs);
    t.match(res.headers['content-type'], /application\/problem\+json/, qs);
    t.ok(Array.isArray(res.body.errors) && res.body.errors.length > 0, `${qs}: errors[]`);
  }
  const empty = await qa.get('/v1/stats?asOf=0&recent=5');
  t.equal(empty.status, 200);
  t.equal(empty.body.seq, 0);
  t.same(empty.body.recent, []);
  t.ok(
    empty.body.themes.every((c: { count: number }) => c.count === 0),
    'an empty exchange counts nothing',
  );
});
