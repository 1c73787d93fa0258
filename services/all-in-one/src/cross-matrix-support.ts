import type { Test } from 'tap';
import { startExchange, type Answer, type Call } from './follow-ups-support.ts';

// Test-only: one of every cross-fertilization thing at every visibility level, written by one
// owner (`bali-process`) and readable, as the level says, by one listed participant (`iom`);
// `apc` is listed nowhere. The matrix and the counts tests read it back on every path.

export const OWNER = 'bali-process';
export const LISTED = 'iom';
export const OTHER = 'apc';
/** Writes practices and queries that the owner adopts and replies to; reads nothing here. */
export const SOURCE = 'colombo-process';

export type Level = 'public' | 'members' | 'rcps';
export const LEVELS: readonly Level[] = ['public', 'members', 'rcps'];
export const READERS = ['anonymous', OWNER, LISTED, OTHER, 'admin'] as const;
export type ReaderName = (typeof READERS)[number];

export const visibilityOf = (level: Level) =>
  level === 'rcps' ? { level, rcps: [LISTED] } : { level };

/** Whether `reader` may read what the owner wrote at `level` (the one visibility rule). */
export function entitled(reader: ReaderName, level: Level): boolean {
  if (reader === 'admin' || reader === OWNER || level === 'public') return true;
  return level === 'rcps' && reader === LISTED;
}

/** How many of `levels` entitle `reader` (what it counts of one thing written at each). */
export const entitledCount = (reader: ReaderName, levels: readonly Level[]) =>
  levels.filter((l) => entitled(reader, l)).length;

/** A written thing: its id, the seq of its event and a word only its text holds. */
export interface Written {
  id: string;
  seq: number;
  word: string;
}

const WORDS: Record<Level, string> = {
  public: 'aquamarine',
  members: 'burgundy',
  rcps: 'chartreuse',
};

/** What the scenario wrote, per level. */
export interface Scenario {
  call: Call;
  /** A write that must succeed; later reads wait for it. */
  write(method: 'POST' | 'PATCH', url: string, as: string, body: object): Promise<{ seq: number }>;
  /** `call` as a reader name (anonymous → no token), waiting for everything written. */
  read(reader: ReaderName, url: string, headers?: Record<string, string>): Promise<Answer>;
  last: number;
  /** Seq after the adoptions, follow-ups and queries, before any reply. */
  beforeReplies: number;
  /** The source's practices (adopted at each level) and the owner's local practices. */
  practices: Record<Level, Written>;
  locals: Record<Level, Written>;
  adoptions: Record<Level, Written>;
  meetings: Record<Level, Written>;
  followUps: Record<Level, Written>;
  /** The owner's queries (a members-only query asks no one: there is none). */
  queries: Partial<Record<Level, Written>>;
  /** The source's public queries, each replied to by the owner at a level. */
  asked: Record<Level, Written>;
  replies: Record<Level, Written>;
  /** A reply written public, then revised (POST with If-Match) to members-only. */
  narrowed: { query: Written; reply: Written; publicSeq: number };
}

export async function crossScenario(t: Test): Promise<Scenario> {
  const { call } = await startExchange(t);
  const deadline = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  let last = 0;
  const write = async (
    method: 'POST' | 'PATCH',
    url: string,
    as: string,
    body: object,
    headers: Record<string, string> = {},
  ): Promise<{ id: string; seq: number }> => {
    const res = await call(method, url, as, body, headers);
    if (res.status !== 201 && res.status !== 200) {
      throw new Error(`${method} ${url} as ${as}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    last = Math.max(last, res.body.seq as number);
    return { id: res.body.id as string, seq: res.body.seq as number };
  };
  const perLevel = async <T>(f: (level: Level) => Promise<T>) => {
    const out = {} as Record<Level, T>;
    for (const level of LEVELS) out[level] = await f(level);
    return out;
  };
  const practice = async (as: string, word: string) => ({
    ...(await write('POST', '/v1/practices', as, {
      title: { en: `Practice ${word}` },
      themes: ['labour-migration'],
    })),
    word,
  });

  const practices = await perLevel((l) => practice(SOURCE, `source-${l}`));
  const locals = await perLevel((l) => practice(OWNER, `local-${l}`));
  const stages = { public: 'adopted', members: 'piloting', rcps: 'considering' } as const;
  const adoptions = await perLevel(async (level) => ({
    ...(await write('POST', `/v1/practices/${practices[level].id}/adoptions`, OWNER, {
      stage: stages[level],
      note: { en: `Adoption ${WORDS[level]}` },
      localPractice: locals[level].id,
      visibility: visibilityOf(level),
    })),
    word: WORDS[level],
  }));
  const meetings = await perLevel(async (level) => ({
    ...(await write('POST', '/v1/meetings', OWNER, {
      meeting: {
        title: { en: `Meeting ${WORDS[level]}` },
        level: 'senior-officials',
        startsOn: '2005-04-14',
      },
      outcomes: [{ ref: 'r2', kind: 'recommendation', text: { en: 'Set up a focal point.' } }],
      themes: ['trafficking'],
      visibility: visibilityOf(level),
    })),
    word: WORDS[level],
  }));
  const followUps = await perLevel(async (level) => ({
    ...(await write('POST', `/v1/meetings/${meetings[level].id}/outcomes/r2/follow-ups`, OWNER, {
      status: 'in-progress',
      text: { en: `Follow-up ${WORDS[level]}` },
    })),
    word: WORDS[level],
  }));
  const query = async (as: string, word: string, visibility: object, addressees: string[]) => ({
    ...(await write('POST', '/v1/queries', as, {
      title: { en: `Query ${word}` },
      questions: [{ ref: 'q1', text: { en: `Do you ${word}?` } }],
      themes: ['return-reintegration'],
      deadline,
      visibility,
      addressees,
    })),
    word,
  });
  const queries: Scenario['queries'] = {
    public: await query(OWNER, 'quokka', { level: 'public' }, [LISTED, OTHER]),
    rcps: await query(OWNER, 'quetzal', visibilityOf('rcps'), [LISTED]),
  };
  const asked = await perLevel((l) => query(SOURCE, `asked-${l}`, { level: 'public' }, [OWNER]));
  const beforeReplies = last;
  const reply = (q: string, word: string, visibility: object) =>
    write('POST', `/v1/queries/${q}/replies`, OWNER, {
      answers: [{ ref: 'q1', text: { en: `Answer ${word}` } }],
      visibility,
    });
  const replies = await perLevel(async (level) => ({
    ...(await reply(asked[level].id, `wombat${level}`, visibilityOf(level))),
    word: `wombat${level}`,
  }));
  const narrowQuery = await query(SOURCE, 'asked-narrowed', { level: 'public' }, [OWNER]);
  const first = await reply(narrowQuery.id, 'narrowed', { level: 'public' });
  const revised = await write(
    'POST',
    `/v1/queries/${narrowQuery.id}/replies`,
    OWNER,
    { answers: [{ ref: 'q1', text: { en: 'Answer narrowed' } }], visibility: { level: 'members' } },
    { 'if-match': '"1"' },
  );
  const read = (reader: ReaderName, url: string, headers: Record<string, string> = {}) => {
    const sep = url.includes('?') ? '&' : '?';
    const as = reader === 'anonymous' ? null : reader;
    return call('GET', `${url}${sep}minSeq=${last}`, as, undefined, headers);
  };
  return {
    call,
    write,
    read,
    last,
    beforeReplies,
    practices,
    locals,
    adoptions,
    meetings,
    followUps,
    queries,
    asked,
    replies,
    narrowed: {
      query: narrowQuery,
      reply: { ...revised, word: 'narrowed' },
      publicSeq: first.seq,
    },
  };
}
