import { test } from 'tap';
import type { Answer } from './follow-ups-support.ts';
import {
  crossScenario,
  entitled,
  entitledCount,
  LEVELS,
  OWNER,
  READERS,
  SOURCE,
  type Level,
  type ReaderName,
  type Scenario,
} from './cross-matrix-support.ts';

// One visibility matrix over every read path of the cross-fertilization kinds: each thing written
// by the owner at each level (public, members-only, rcps naming one participant) is seen on each
// path by exactly the readers the level entitles — anonymous, the owner, the listed participant,
// another participant, the admin — and by no one else.

/** A read path: whether `reader` sees the thing the owner wrote at `level` through it. */
type Path = (x: Scenario, get: Get, reader: ReaderName, level: Level) => Promise<boolean>;
type Get = (reader: ReaderName, url: string, headers?: Record<string, string>) => Promise<Answer>;

const ok = (res: Answer) => res.status === 200;
const items = (res: Answer) => (ok(res) ? (res.body.items as Record<string, unknown>[]) : []);

const STAGES = { public: 'adopted', members: 'piloting', rcps: 'considering' } as const;

/** Every path, by kind: `levels` where the kind cannot be written at a level. */
const MATRIX: { kind: string; levels?: readonly Level[]; paths: Record<string, Path> }[] = [
  {
    kind: 'reply',
    paths: {
      'GET /v1/queries/{id} replies': async (x, get, r, l) => {
        const res = await get(r, `/v1/queries/${x.asked[l].id}`);
        return (res.body.replies as { participant: string }[]).some((p) => p.participant === OWNER);
      },
      'GET /v1/queries/{id}/replies/{author}': async (x, get, r, l) =>
        ok(await get(r, `/v1/queries/${x.asked[l].id}/replies/${OWNER}`)),
      'GET /v1/queries/{id}/replies/{reply id}': async (x, get, r, l) =>
        ok(await get(r, `/v1/queries/${x.asked[l].id}/replies/${x.replies[l].id}`)),
      'compilation JSON': async (x, get, r, l) => {
        const res = await get(r, `/v1/queries/${x.asked[l].id}/compilation`);
        const answers = (res.body.questions as { answers: { participant: string }[] }[])[0]!;
        return answers.answers.some((a) => a.participant === OWNER);
      },
      'compilation HTML': async (x, get, r, l) => {
        const res = await get(r, `/v1/queries/${x.asked[l].id}/compilation`, {
          accept: 'text/html',
        });
        return String(res.body).includes(x.replies[l].word);
      },
      'GET /v1/queries replyCount': async (x, get, r, l) => {
        const q = items(await get(r, `/v1/queries?participant=${SOURCE}&limit=200`)).find(
          (i) => i.id === x.asked[l].id,
        );
        return q?.replyCount === 1;
      },
      'GET /v1/search reply hits': async (x, get, r, l) =>
        items(await get(r, `/v1/search?q=${x.replies[l].word}`)).some((h) => h.kind === 'reply'),
    },
  },
  {
    kind: 'adoption',
    paths: {
      'GET /v1/practices/{id} adoptions': async (x, get, r, l) => {
        const res = await get(r, `/v1/practices/${x.practices[l].id}`);
        return (res.body.adoptions as { adopter: string }[]).some((a) => a.adopter === OWNER);
      },
      'GET /v1/practices/{id}/adoptions': async (x, get, r, l) =>
        items(await get(r, `/v1/practices/${x.practices[l].id}/adoptions`)).some(
          (a) => a.adopter === OWNER,
        ),
      'lineage descendants': async (x, get, r, l) => {
        const res = await get(r, `/v1/practices/${x.practices[l].id}/lineage`);
        return (res.body.descendants as { id: string }[]).some((n) => n.id === x.locals[l].id);
      },
      'lineage ancestors': async (x, get, r, l) => {
        const res = await get(r, `/v1/practices/${x.locals[l].id}/lineage`);
        return (res.body.ancestors as { id: string }[]).some((n) => n.id === x.practices[l].id);
      },
      'GET /v1/stats/flows': async (x, get, r, l) => {
        const flows = (await get(r, '/v1/stats/flows')).body as Record<string, unknown>[];
        return flows.some((f) => f.from === SOURCE && f.to === OWNER && f.stage === STAGES[l]);
      },
    },
  },
  {
    kind: 'follow-up',
    paths: {
      'GET /v1/follow-ups': async (x, get, r, l) =>
        items(await get(r, `/v1/follow-ups?participant=${OWNER}&limit=200`)).some(
          (o) => o.meetingId === x.meetings[l].id,
        ),
      'GET /v1/follow-ups?status=': async (x, get, r, l) =>
        items(await get(r, '/v1/follow-ups?status=in-progress&limit=200')).some(
          (o) => o.meetingId === x.meetings[l].id,
        ),
      'outcome history': async (x, get, r, l) =>
        ok(await get(r, `/v1/meetings/${x.meetings[l].id}/outcomes/r2/follow-ups`)),
    },
  },
  {
    kind: 'query',
    levels: ['public', 'rcps'],
    paths: {
      'GET /v1/queries': async (x, get, r, l) =>
        items(await get(r, '/v1/queries?limit=200')).some((q) => q.id === x.queries[l]!.id),
      'GET /v1/queries/{id}': async (x, get, r, l) =>
        ok(await get(r, `/v1/queries/${x.queries[l]!.id}`)),
      'GET /v1/queries/{id}/compilation': async (x, get, r, l) =>
        ok(await get(r, `/v1/queries/${x.queries[l]!.id}/compilation`)),
      'GET /v1/search query hits': async (x, get, r, l) =>
        items(await get(r, `/v1/search?q=${x.queries[l]!.word}`)).some(
          (h) => h.kind === 'query' && h.id === x.queries[l]!.id,
        ),
    },
  },
];

/** The event of each kind's thing at a level, by seq, for the log paths. */
const seqOf = (x: Scenario, kind: string, l: Level): number | undefined =>
  ({
    reply: x.replies[l].seq,
    adoption: x.adoptions[l].seq,
    'follow-up': x.followUps[l].seq,
    query: x.queries[l]?.seq,
  })[kind];

/** Log paths, filtered by `memberState` (NC: the owner's process only). */
const LOG_PATHS: Record<string, (get: Get, r: ReaderName) => Promise<Set<number>>> = {
  'GET /v1/events?memberState=NC': async (get, r) => {
    const res = await get(r, '/v1/events?after=0&limit=1000&memberState=NC');
    return new Set((res.body as { rcpxseq: number }[]).map((e) => e.rcpxseq));
  },
  'GET /v1/activity?memberState=NC': async (get, r) =>
    new Set(
      items(await get(r, '/v1/activity?limit=200&memberState=NC')).map((e) => e.seq as number),
    ),
};

test('every cross-fertilization read path × visibility level × reader', async (t) => {
  const x = await crossScenario(t);
  // one request per reader and URL: most paths read one list for every level
  const cache = new Map<string, Promise<Answer>>();
  const get: Get = (reader, url, headers = {}) => {
    const key = `${reader} ${url} ${JSON.stringify(headers)}`;
    if (!cache.has(key)) cache.set(key, x.read(reader, url, headers));
    return cache.get(key)!;
  };
  const leaks: string[] = [];
  const misses: string[] = [];
  /** Whether `reader` saw the `kind` written at `level` via `name`: a leak or a miss if wrong. */
  const saw = (kind: string, level: Level, name: string, reader: ReaderName, seen: boolean) => {
    const expected = entitled(reader, level);
    if (seen && !expected) leaks.push(`${kind} ${level} via ${name} to ${reader}`);
    if (!seen && expected) misses.push(`${kind} ${level} via ${name} to ${reader}`);
  };
  for (const { kind, levels = LEVELS, paths } of MATRIX) {
    for (const [name, path] of Object.entries(paths)) {
      for (const level of levels) {
        for (const reader of READERS) {
          saw(kind, level, name, reader, await path(x, get, reader, level));
        }
      }
    }
  }
  for (const [name, seqsOf] of Object.entries(LOG_PATHS)) {
    for (const reader of READERS) {
      const seqs = await seqsOf(get, reader);
      for (const { kind, levels = LEVELS } of MATRIX) {
        for (const level of levels)
          saw(kind, level, name, reader, seqs.has(seqOf(x, kind, level)!));
      }
    }
  }
  t.same(leaks, [], 'no reader sees what its level does not entitle it to');
  t.same(misses, [], 'every entitled reader sees it');

  // the participant's follow-up summary counts what the reader may see
  for (const reader of READERS) {
    const summary = await get(reader, `/v1/participants/${OWNER}/follow-up`);
    t.equal(
      summary.body.total,
      entitledCount(reader, LEVELS),
      `follow-up summary of ${OWNER} to ${reader}`,
    );
  }
  // what a participant owes lists only queries it may read (and only to itself)
  for (const reader of READERS.filter((r) => r !== 'anonymous' && r !== 'admin')) {
    const owed = items(await get(reader, `/v1/queries?awaiting=${reader}&limit=200`));
    for (const level of ['public', 'rcps'] as const) {
      if (owed.some((q) => q.id === x.queries[level]!.id)) {
        t.ok(entitled(reader, level), `${reader} owes the ${level} query it may read`);
      }
    }
    t.equal(
      (await get(reader, `/v1/queries?awaiting=${OWNER === reader ? 'iom' : OWNER}`)).status,
      403,
    );
  }
});
