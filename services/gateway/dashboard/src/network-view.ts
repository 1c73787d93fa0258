import type { QuerySummary } from '@rcpx/client';
import type { FollowUpSummaryItem } from '@rcpx/contracts';
import type { FlowRow } from './flows-layout.ts';
import { flowsDrawing } from './flows-view.ts';
import { localized } from './i18n.ts';
import type { Lang } from './i18n.ts';
import { STAGES, STATUSES, networkStrings, timeLeft } from './i18n-network.ts';
import type { NetworkStrings } from './i18n-network.ts';
import type { ParticipantInfo } from './view.ts';

// The network panels' DOM: who learns from whom, open queries with their countdown, follow-up of
// recommendations per process. Rebuilt only when their data or the language changed; user text
// only ever as textContent.

/** A panel's data: null until the first read answered; `failed` when the last read failed. */
export interface Panel<T> {
  data: T | null;
  failed: boolean;
}

export interface NetworkModel {
  lang: Lang;
  participants: readonly ParticipantInfo[];
  /** Time travel: the panels are live only and hidden. */
  hidden: boolean;
  flows: Panel<FlowRow[]>;
  queries: Panel<QuerySummary[]>;
  followUps: Panel<FollowUpSummaryItem[]>;
}

const $ = (doc: Document, id: string): HTMLElement => {
  const e = doc.getElementById(id);
  if (!e) throw new Error(`#${id} is missing`);
  return e;
};

function el<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The network panels of `doc` (see index.html), updated from a `NetworkModel`. */
export function createNetworkView(doc: Document) {
  const section = $(doc, 'network');
  const flowsBox = $(doc, 'flows');
  const queriesList = $(doc, 'queries');
  const followUpsList = $(doc, 'follow-ups');
  const seen = { lang: '', participants: undefined as unknown, flows: undefined as unknown };
  const seenQueries = { lang: '', data: null as unknown, participants: null as unknown };
  const seenFollowUps = { lang: '', data: null as unknown, participants: null as unknown };

  const acronym = (m: NetworkModel, slug: string) =>
    m.participants.find((p) => p.slug === slug)?.acronym ?? slug;

  function emptyText(id: string, s: NetworkStrings, panel: Panel<unknown[]>, empty: string) {
    const p = $(doc, id);
    const loaded = panel.data !== null;
    p.hidden = loaded && panel.data!.length > 0;
    p.classList.toggle('loading', !loaded && !panel.failed);
    const text = loaded ? empty : panel.failed ? s.unavailable : '…';
    if (p.textContent !== text) p.textContent = text;
  }

  function legend(id: string, entries: [string, string][], attr: 'stage' | 'status') {
    const items = entries.map(([key, words]) => {
      const li = el(doc, 'li', 'key');
      li.dataset[attr] = key;
      li.append(el(doc, 'span', 'swatch'), el(doc, 'span', 'words', words));
      return li;
    });
    $(doc, id).replaceChildren(...items);
  }

  function renderStatic(m: NetworkModel, s: NetworkStrings): void {
    section.setAttribute('aria-label', s.network);
    $(doc, 'flows-heading').textContent = s.flows;
    $(doc, 'flows-from').textContent = s.flowsFrom;
    $(doc, 'flows-to').textContent = s.flowsTo;
    $(doc, 'queries-heading').textContent = s.queries;
    $(doc, 'follow-ups-heading').textContent = s.followUps;
    legend(
      'flows-legend',
      STAGES.map((k): [string, string] => [k, s.stages[k]]),
      'stage',
    );
    legend(
      'follow-ups-legend',
      STATUSES.map((k): [string, string] => [k, s.statuses[k]]),
      'status',
    );
    seen.lang = m.lang;
  }

  function renderFlows(m: NetworkModel, s: NetworkStrings): void {
    emptyText('flows-empty', s, m.flows, s.flowsEmpty);
    if (seen.flows === m.flows.data && seen.participants === m.participants) return;
    const rows = m.flows.data ?? [];
    flowsBox.parentElement?.classList.toggle('none', rows.length === 0);
    flowsBox.replaceChildren(
      ...(rows.length > 0 ? [flowsDrawing(doc, rows, s, (slug) => acronym(m, slug))] : []),
    );
    seen.flows = m.flows.data;
    seen.participants = m.participants;
  }

  function queryLine(m: NetworkModel, s: NetworkStrings, q: QuerySummary): HTMLLIElement {
    const li = el(doc, 'li', 'query');
    li.dataset.query = q.id;
    li.dataset.replies = String(q.replyCount);
    const meta = el(doc, 'div', 'meta');
    const time = el(doc, 'time', 'countdown');
    time.dateTime = q.deadline;
    time.dataset.deadline = q.deadline;
    time.title = s.until(q.deadline);
    meta.append(el(doc, 'span', 'who', acronym(m, q.participant)), time);
    const title = localized(q.title, m.lang);
    const h = el(doc, 'p', 'q-title', title?.text ?? '—');
    if (title?.lang && title.lang !== m.lang) h.lang = title.lang;
    const counts = el(doc, 'p', 'q-counts');
    counts.append(
      el(doc, 'span', 'replies', s.replies(q.replyCount)),
      el(doc, 'span', 'asked', s.asked(q.addressees.length)),
    );
    li.append(meta, h, counts);
    return li;
  }

  function renderQueries(m: NetworkModel, s: NetworkStrings): void {
    const data = m.queries.data;
    emptyText('queries-empty', s, m.queries, s.queriesEmpty);
    if (
      seenQueries.data === data &&
      seenQueries.lang === m.lang &&
      seenQueries.participants === m.participants
    )
      return;
    // soonest deadline first: what the room should act on
    const list = [...(data ?? [])].sort(
      (a, b) => a.deadline.localeCompare(b.deadline) || b.seq - a.seq,
    );
    queriesList.replaceChildren(...list.map((q) => queryLine(m, s, q)));
    Object.assign(seenQueries, { data, lang: m.lang, participants: m.participants });
    tick(m.lang, Date.now());
  }

  function followUpLine(m: NetworkModel, s: NetworkStrings, f: FollowUpSummaryItem): HTMLLIElement {
    const li = el(doc, 'li', 'follow-up');
    const implemented = f.counts.implemented ?? 0;
    li.dataset.participant = f.participant;
    li.dataset.total = String(f.total);
    li.dataset.implemented = String(implemented);
    li.dataset.overdue = String(f.overdueCount);
    const bar = el(doc, 'span', 'bar');
    const words: string[] = [];
    for (const status of STATUSES) {
      const n = f.counts[status] ?? 0;
      if (n === 0) continue;
      const seg = el(doc, 'span', 'seg');
      seg.dataset.status = status;
      seg.dataset.n = String(n);
      seg.style.setProperty('flex-grow', String(n));
      seg.title = `${s.statuses[status]}: ${n}`;
      bar.append(seg);
      words.push(`${s.statuses[status]}: ${n}`);
    }
    bar.setAttribute('role', 'img');
    bar.setAttribute('aria-label', words.join(', '));
    const overdue = el(doc, 'span', 'overdue', s.overdue(f.overdueCount));
    overdue.hidden = f.overdueCount === 0;
    li.title = m.participants.find((p) => p.slug === f.participant)?.name ?? f.participant;
    li.append(
      el(doc, 'span', 'acronym', acronym(m, f.participant)),
      bar,
      el(doc, 'span', 'share', s.implemented(implemented, f.total)),
      overdue,
    );
    return li;
  }

  function renderFollowUps(m: NetworkModel, s: NetworkStrings): void {
    const data = m.followUps.data;
    emptyText('follow-ups-empty', s, m.followUps, s.followUpsEmpty);
    if (
      seenFollowUps.data === data &&
      seenFollowUps.lang === m.lang &&
      seenFollowUps.participants === m.participants
    )
      return;
    followUpsList.replaceChildren(...(data ?? []).map((f) => followUpLine(m, s, f)));
    Object.assign(seenFollowUps, { data, lang: m.lang, participants: m.participants });
  }

  /** Moves every countdown to `now` (ms). */
  function tick(lang: Lang, now: number): void {
    const s = networkStrings(lang);
    for (const t of queriesList.querySelectorAll<HTMLElement>('.countdown')) {
      const left = timeLeft(t.dataset.deadline ?? '', now);
      t.textContent = left ? s.left(left.days, left.hms) : s.closing;
      t.classList.toggle('soon', !left || left.days < 2);
    }
  }

  return {
    /** Brings the panels up to date with `m`. */
    render(m: NetworkModel): void {
      section.hidden = m.hidden;
      if (m.hidden) return;
      const s = networkStrings(m.lang);
      if (seen.lang !== m.lang) {
        renderStatic(m, s);
        seen.flows = undefined;
      }
      renderFlows(m, s);
      renderQueries(m, s);
      renderFollowUps(m, s);
    },
    tick,
  };
}
