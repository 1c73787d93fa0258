import type { CloudEvent } from '@rcpx/contracts';

// The dashboard's state, without the DOM: counts exact as of `position` and the ticker entries.

/** One line of the ticker: an event of the log. */
export interface TickerEntry {
  seq: number;
  type: string;
  time: string;
  participant: string;
  itemId: string;
  title: unknown;
  themes: string[];
  /** Arrived live (highlighted), not loaded with the page. */
  fresh: boolean;
}

export type Dimension = 'theme' | 'participant';
export type Counts = Record<Dimension, Map<string, number>>;

/** One change to a count. */
type Delta = [Dimension, string, number];

const CREATED = new Set([
  'org.rcpx.practice.shared',
  'org.rcpx.meeting.outcome.recorded',
  'org.rcpx.publication.released',
]);
const WITHDRAWN = new Set([
  'org.rcpx.practice.withdrawn',
  'org.rcpx.meeting.withdrawn',
  'org.rcpx.publication.withdrawn',
]);
const REVISED = new Set([
  'org.rcpx.practice.revised',
  'org.rcpx.meeting.revised',
  'org.rcpx.publication.revised',
]);

export const emptyCounts = (): Counts => ({ theme: new Map(), participant: new Map() });

const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];

/** The ticker entry of a CloudEvent of the log (from `live()` or an activity entry's `event`). */
export function entryOf(event: CloudEvent, fresh = false): TickerEntry {
  const data = obj(event.data);
  const source = /^\/participants\/(.+)$/.exec(event.source)?.[1] ?? event.source;
  return {
    seq: event.rcpxseq,
    type: event.type,
    time: event.time,
    participant: source,
    itemId: event.subject.slice(event.subject.lastIndexOf('/') + 1),
    // a follow-up names its outcome by title, else by its ref
    title: data.title ?? data.outcomeTitle ?? obj(data.meeting).title ?? data.ref ?? null,
    themes: strings(data.themes),
    fresh,
  };
}

/**
 * Counts and ticker of the dashboard. Counts are exact as of `position`: set from a snapshot
 * (`reset`), then moved by every live event after it (`applyLive`): a creation +1, a withdrawal
 * −1, a revision of themes or visibility asks for a resync (`beginResync` → `applySnapshot`,
 * which re-applies what arrived meanwhile).
 */
export class DashboardStore {
  position = 0;
  counts: Counts = emptyCounts();
  readonly #entries = new Map<number, TickerEntry>();
  #pending: Delta[] | null = null;

  constructor(readonly maxEntries = 500) {}

  /** Counts as they stood at `seq`; the ticker is kept (entries are merged by seq). */
  reset(seq: number, counts: Counts): void {
    this.position = seq;
    this.counts = counts;
    this.#pending = null;
  }

  /** Adds ticker entries (an entry already there is kept as is). */
  addEntries(entries: Iterable<TickerEntry>): void {
    for (const e of entries) if (!this.#entries.has(e.seq)) this.#entries.set(e.seq, e);
    if (this.#entries.size > this.maxEntries) {
      const seqs = [...this.#entries.keys()].sort((a, b) => a - b);
      for (const s of seqs.slice(0, seqs.length - this.maxEntries)) this.#entries.delete(s);
    }
  }

  /**
   * Applies one live event (seq > position; an older one is ignored): adds it to the ticker and
   * moves the counts. Returns whether the counts need a resync (a revision that may have moved
   * the item between themes or audiences).
   */
  applyLive(event: CloudEvent): { applied: boolean; resync: boolean } {
    if (event.rcpxseq <= this.position) return { applied: false, resync: false };
    this.position = event.rcpxseq;
    const entry = entryOf(event, true);
    this.addEntries([entry]);
    let sign = 0;
    if (CREATED.has(event.type) && event.rcpxversion === 1) sign = 1;
    else if (WITHDRAWN.has(event.type)) sign = -1;
    if (sign !== 0) {
      const deltas: Delta[] = [
        ['participant', entry.participant, sign],
        ...entry.themes.map((t): Delta => ['theme', t, sign]),
      ];
      for (const d of deltas) this.#add(this.counts, d);
      this.#pending?.push(...deltas);
      return { applied: true, resync: false };
    }
    if (CREATED.has(event.type)) return { applied: true, resync: true };
    if (REVISED.has(event.type)) {
      const changed = obj(event.data).changed;
      const moved =
        !Array.isArray(changed) || changed.includes('themes') || changed.includes('visibility');
      return { applied: true, resync: moved };
    }
    return { applied: true, resync: false };
  }

  /** Starts a resync: returns the seq to read the counts at; live changes are kept meanwhile. */
  beginResync(): number {
    this.#pending = [];
    return this.position;
  }

  /** Ends a resync with the counts at `seq` (the one `beginResync` returned) plus what came since. */
  applySnapshot(seq: number, counts: Counts): void {
    const since = this.#pending ?? [];
    this.#pending = null;
    if (seq > this.position) return;
    for (const d of since) this.#add(counts, d);
    this.counts = counts;
  }

  /** Abandons a resync (the request failed): the counts stay as they are. */
  cancelResync(): void {
    this.#pending = null;
  }

  /** The ticker, newest first: entries with any of `themes` (all when empty), at most `limit`. */
  ticker(themes: ReadonlySet<string>, limit: number): TickerEntry[] {
    const out: TickerEntry[] = [];
    const seqs = [...this.#entries.keys()].sort((a, b) => b - a);
    for (const s of seqs) {
      const e = this.#entries.get(s)!;
      if (themes.size > 0 && !e.themes.some((t) => themes.has(t))) continue;
      out.push(e);
      if (out.length === limit) break;
    }
    return out;
  }

  /** Active items counted (each has one participant: the sum over participants). */
  total(): number {
    let n = 0;
    for (const v of this.counts.participant.values()) n += v;
    return n;
  }

  #add(counts: Counts, [dim, key, n]: Delta): void {
    const next = (counts[dim].get(key) ?? 0) + n;
    if (next === 0) counts[dim].delete(key);
    else counts[dim].set(key, next);
  }
}
