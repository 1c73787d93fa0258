import type { z } from 'zod';
import type { Adoption, FilterFields, ItemVersions } from '@rcpx/contracts';
import type { Query, Request } from './methods.ts';
import type { ActivityEntry, CrossCounts, ReadOptions, ThemeCount } from './types.ts';

export type { Adoption, ItemVersions };

/** `GET /v1/stats` query string: time travel (`asOf`), `recent` events and their filters. */
export type StatsParams = Partial<z.input<typeof FilterFields>> &
  ReadOptions & { asOf?: number; recent?: number };

/** Counts and recent activity as of `seq` (`GET /v1/stats`). */
export interface Stats {
  seq: number;
  themes: { key: string; count: number }[];
  participants: { key: string; count: number }[];
  kinds: { key: string; count: number }[];
  /** Adoptions, follow-ups, queries and replies: in all, per participant, per theme. */
  cross: {
    total: CrossCounts;
    participants: (CrossCounts & { key: string })[];
    themes: (CrossCounts & { key: string })[];
  };
  recent: ActivityEntry[];
  /** The first seq after `seq` (up to the checkpoint) of an event the caller may see. */
  next: number | null;
}

/** Reads of details: an item's versions, one adoption record, one theme, the stats. */
export interface DetailMethods {
  /** Every version of a practice the caller may see, oldest first, each with its `data`. */
  practiceVersions(id: string, opts?: ReadOptions): Promise<ItemVersions>;
  meetingVersions(id: string, opts?: ReadOptions): Promise<ItemVersions>;
  publicationVersions(id: string, opts?: ReadOptions): Promise<ItemVersions>;
  /** An adopter's latest adoption record (where a record's `Location` points). */
  adoption(practiceId: string, adoptionId: string, opts?: ReadOptions): Promise<Adoption>;
  theme(slug: string, opts?: ReadOptions): Promise<ThemeCount>;
  stats(params?: StatsParams): Promise<Stats>;
}

/** The detail reads over the client's `request` and `withQuery`. */
export function detailMethods(
  request: Request,
  withQuery: (path: string, query?: Query) => string,
): DetailMethods {
  const e = encodeURIComponent;
  const versions = (kind: string) => (id: string, o?: ReadOptions) =>
    request<ItemVersions>('GET', withQuery(`/v1/${kind}/${e(id)}/versions`, { ...o }));
  return {
    practiceVersions: versions('practices'),
    meetingVersions: versions('meetings'),
    publicationVersions: versions('publications'),
    adoption: (practiceId, adoptionId, o) =>
      request(
        'GET',
        withQuery(`/v1/practices/${e(practiceId)}/adoptions/${e(adoptionId)}`, { ...o }),
      ),
    theme: (slug, o) => request('GET', withQuery(`/v1/themes/${e(slug)}`, { ...o })),
    stats: (params) => request('GET', withQuery('/v1/stats', params as Query)),
  };
}
