import type { ActivityEntry, ParticipantCount, QuerySummary, ThemeCount } from '@rcpx/client';
import type { Flow, FollowUpSummaryItem } from '@rcpx/contracts';
import { emptyCounts } from './store.ts';
import type { Counts } from './store.ts';

/** `GET /v1/stats` (counts and recent activity as of `seq`). */
export interface Stats {
  seq: number;
  themes: { key: string; count: number }[];
  participants: { key: string; count: number }[];
  kinds: { key: string; count: number }[];
  recent: ActivityEntry[];
  /** The next seq after `seq` the caller may see (null at the checkpoint or when none). */
  next: number | null;
}

/** A read's body and its `Rcpx-Seq` header (the read models' checkpoint before the read). */
export interface Read<T> {
  body: T;
  seq: number;
}

/** An HTTP error of a read. */
export class ReadError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Query = Record<string, string | number | readonly string[] | undefined>;

/** The reads the dashboard makes, same origin, with the token as a bearer when given. */
export function createApi(token: string | undefined, fetchFn: typeof fetch = fetch) {
  async function get<T>(path: string, query: Query = {}): Promise<Read<T>> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined) continue;
      params.set(k, Array.isArray(v) ? v.join(',') : String(v));
    }
    const qs = params.toString();
    const res = await fetchFn(qs ? `${path}?${qs}` : path, {
      headers: {
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      cache: 'no-store',
    });
    if (!res.ok) {
      const detail = await res.text().catch(() => '');
      throw new ReadError(res.status, `GET ${path}: HTTP ${res.status} ${detail.slice(0, 200)}`);
    }
    return { body: (await res.json()) as T, seq: Number(res.headers.get('rcpx-seq') ?? NaN) };
  }

  return {
    themes: () => get<{ items: ThemeCount[] }>('/v1/themes'),
    participants: () => get<{ items: ParticipantCount[] }>('/v1/participants'),
    activity: (limit: number) => get<{ items: ActivityEntry[] }>('/v1/activity', { limit }),
    stats: (q: { asOf: number; minSeq?: number; recent?: number; themes?: readonly string[] }) =>
      get<Stats>('/v1/stats', {
        asOf: q.asOf,
        minSeq: q.minSeq,
        recent: q.recent,
        themes: q.themes && q.themes.length > 0 ? q.themes : undefined,
      }),
    /** Who learns from whom, as the reader may see it. */
    flows: (minSeq?: number) => get<Flow[]>('/v1/stats/flows', { minSeq }),
    /** The open queries the reader may see, with the replies it may read counted. */
    openQueries: (minSeq?: number) =>
      get<{ items: QuerySummary[] }>('/v1/queries', { status: 'open', limit: 100, minSeq }),
    /** What every participant owes in follow-up (counts), among the outcomes the reader may see. */
    followUps: (minSeq?: number) =>
      get<{ items: FollowUpSummaryItem[] }>('/v1/follow-ups/summary', { minSeq }),
  };
}
export type Api = ReturnType<typeof createApi>;

/** Counts of a stats answer. */
export function countsOfStats(stats: Stats): Counts {
  const counts = emptyCounts();
  const fill = (m: Map<string, number>, list: { key: string; count: number }[]) => {
    for (const c of list) if (c.count !== 0) m.set(c.key, c.count);
  };
  fill(counts.theme, stats.themes);
  fill(counts.participant, stats.participants);
  return counts;
}

/** Counts of the themes and participants lists. */
export function countsOfLists(themes: ThemeCount[], participants: ParticipantCount[]): Counts {
  const counts = emptyCounts();
  for (const t of themes) if (t.count !== 0) counts.theme.set(t.slug, t.count);
  for (const p of participants) if (p.count !== 0) counts.participant.set(p.slug, p.count);
  return counts;
}
