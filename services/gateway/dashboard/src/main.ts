import { createClient } from '@rcpx/client';
import type { CloudEvent } from '@rcpx/contracts';
import { countsOfLists, countsOfStats, createApi } from './api.ts';
import type { Stats } from './api.ts';
import { pickLang } from './i18n.ts';
import type { Lang } from './i18n.ts';
import { NetworkPanels, networkLoaders } from './network.ts';
import { createNetworkView } from './network-view.ts';
import { ConnectionIndicator } from './status.ts';
import type { Indicator } from './status.ts';
import { DashboardStore, entryOf } from './store.ts';
import type { TickerEntry } from './store.ts';
import { createView } from './view.ts';
import type { ParticipantInfo, ThemeInfo } from './view.ts';

// The workshop dashboard: counts exact at a seq from the read API, then moved by the live feed
// resumed after that seq (no gap, no double); or, with `?asOf=<seq>`, the state at that seq.

const TICKER_LIMIT = 40;
const LOAD_LIMIT = 60;
const RESYNC_EVERY_MS = 120_000;

const params = new URLSearchParams(location.search);
const token = params.get('access_token') || undefined;
const asOfParam = /^\d{1,15}$/.test(params.get('asOf') ?? '') ? Number(params.get('asOf')) : null;
let lang: Lang = pickLang(params.get('lang'), navigator.languages);
const filter = new Set(
  (params.get('themes') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

const api = createApi(token);
const client = createClient({ baseUrl: location.origin, ...(token ? { token } : {}) });
const store = new DashboardStore();
const indicator = new ConnectionIndicator();
let themes: ThemeInfo[] = [];
let participants: ParticipantInfo[] = [];
let travel: { seq: number; earlier: string; later: string; live: string } | undefined;
/** The first counts and ticker arrived (before that the page says it is loading). */
let loaded = false;
/** The network panels (who learns from whom, open queries, follow-up): live only. */
const network = new NetworkPanels(networkLoaders(api), () => scheduleRender());
const networkView = createNetworkView(document);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function urlWith(changes: Record<string, string | null>): string {
  const next = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === '') next.delete(k);
    else next.set(k, v);
  }
  const qs = next.toString();
  return `${location.pathname}${qs ? `?${qs}` : ''}`;
}

const view = createView(document, {
  onLang(next) {
    lang = next;
    history.replaceState(null, '', urlWith({ lang }));
    render();
  },
  onToggleTheme(slug) {
    if (filter.has(slug)) filter.delete(slug);
    else filter.add(slug);
    history.replaceState(null, '', urlWith({ themes: [...filter].join(',') }));
    render();
    void loadFiltered();
  },
  onClearFilter() {
    filter.clear();
    history.replaceState(null, '', urlWith({ themes: null }));
    render();
  },
});

function render(): void {
  view.render({
    lang,
    themes,
    participants,
    counts: store.counts,
    total: store.total(),
    ticker: store.ticker(filter, TICKER_LIMIT),
    filter,
    indicator: indicator.state,
    position: store.position,
    loaded,
    ...(travel ? { asOf: travel } : {}),
  });
  networkView.render({
    lang,
    participants,
    hidden: asOfParam !== null,
    flows: network.flows,
    queries: network.queries,
    followUps: network.followUps,
  });
  document.documentElement.dataset.position = String(store.position);
}

let renderQueued = false;
function scheduleRender(): void {
  if (renderQueued) return;
  renderQueued = true;
  setTimeout(() => {
    renderQueued = false;
    render();
  }, 30);
}

/** Shows a new indicator state (the argument is the state machine's answer). */
function show(_state: Indicator): void {
  scheduleRender();
}

const entriesOf = (stats: Stats, upTo: number): TickerEntry[] =>
  stats.recent.map((a) => entryOf(a.event as unknown as CloudEvent)).filter((e) => e.seq <= upTo);

/** The taxonomy and registry (labels, acronyms) and their counts, with their Rcpx-Seq. */
async function loadRegistry() {
  const t = await api.themes();
  const p = await api.participants();
  themes = t.body.items.map((x) => ({ slug: x.slug, labels: x.labels }));
  participants = p.body.items.map((x) => ({ slug: x.slug, acronym: x.acronym, name: x.name }));
  for (const slug of filter) if (!themes.some((x) => x.slug === slug)) filter.delete(slug);
  return { t, p };
}

/**
 * Live start: themes, participants and activity read one after the other. When the first and
 * the last report the same Rcpx-Seq, the counts read between them are exactly those at that
 * seq; otherwise one consistent snapshot at the last seq is taken from `/v1/stats`.
 */
async function loadLive(): Promise<void> {
  const { t, p } = await loadRegistry();
  const activity = await api.activity(LOAD_LIMIT);
  let seq = t.seq;
  let counts = countsOfLists(t.body.items, p.body.items);
  if (!(t.seq === activity.seq && Number.isSafeInteger(seq))) {
    const snapshot = await api.stats({ asOf: activity.seq, minSeq: activity.seq });
    seq = snapshot.body.seq;
    counts = countsOfStats(snapshot.body);
  }
  store.reset(seq, counts);
  store.addEntries(
    activity.body.items
      .map((a) => entryOf(a.event as unknown as CloudEvent))
      .filter((e) => e.seq <= seq),
  );
}

/** Time travel: counts and ticker as they stood at `asOf`. */
async function loadAsOf(asOf: number): Promise<void> {
  await loadRegistry();
  const stats = await api.stats({ asOf, recent: LOAD_LIMIT, themes: [...filter] });
  const { seq } = stats.body;
  store.reset(seq, countsOfStats(stats.body));
  store.addEntries(entriesOf(stats.body, seq));
  const earlier = stats.body.recent.find((e) => e.seq < seq)?.seq ?? Math.max(0, seq - 1);
  travel = {
    seq,
    earlier: urlWith({ asOf: String(earlier) }),
    later:
      stats.body.next === null
        ? urlWith({ asOf: null })
        : urlWith({ asOf: String(stats.body.next) }),
    live: urlWith({ asOf: null }),
  };
  indicator.state = 'asof';
}

/** More ticker entries for the filtered themes (the ticker keeps what it has). */
async function loadFiltered(): Promise<void> {
  if (filter.size === 0) return;
  try {
    const upTo = store.position;
    const stats = await api.stats({ asOf: upTo, recent: LOAD_LIMIT, themes: [...filter] });
    store.addEntries(entriesOf(stats.body, upTo));
    scheduleRender();
  } catch {
    // The filter still applies to what the ticker has.
  }
}

let resyncing = false;
let resyncAgain = false;

/** Re-reads the counts at the live position (after a revision moved an item, and periodically). */
async function resync(): Promise<void> {
  if (resyncing) {
    resyncAgain = true;
    return;
  }
  resyncing = true;
  try {
    do {
      resyncAgain = false;
      const seq = store.beginResync();
      try {
        const stats = await api.stats({ asOf: seq, minSeq: seq });
        if (stats.body.seq === seq) store.applySnapshot(seq, countsOfStats(stats.body));
        else store.cancelResync();
      } catch {
        store.cancelResync();
      }
      scheduleRender();
    } while (resyncAgain);
  } finally {
    resyncing = false;
  }
}

let liveAbort: AbortController | null = null;

/** Follows the live feed from the store's position for ever (reconnecting by itself). */
async function runLive(): Promise<never> {
  for (;;) {
    const ac = new AbortController();
    liveAbort = ac;
    try {
      for await (const event of client.live({
        after: store.position,
        signal: ac.signal,
        backoff: { initialMs: 250, maxMs: 5_000 },
        onStatus: (s) => show(indicator.onStatus(s)),
      })) {
        const { applied, resync: moved } = store.applyLive(event);
        if (moved) void resync();
        if (applied) network.onEvent(event);
        scheduleRender();
      }
    } catch {
      // Refused for good (bad or revoked token): say so, try again later.
      show(indicator.onFatal());
      await sleep(30_000);
    }
  }
}

addEventListener('online', () => {
  show(indicator.onBrowser(true));
  // Reconnect at once rather than after the current backoff.
  if (indicator.state !== 'live') liveAbort?.abort();
});
addEventListener('offline', () => show(indicator.onBrowser(false)));

async function main(): Promise<void> {
  render();
  for (let attempt = 0; ; attempt++) {
    try {
      if (asOfParam !== null) await loadAsOf(asOfParam);
      else await loadLive();
      loaded = true;
      break;
    } catch {
      if (attempt > 0) show(indicator.onFatal());
      await sleep(Math.min(10_000, 500 * 2 ** attempt));
    }
  }
  render();
  document.documentElement.dataset.ready = 'true';
  if (asOfParam !== null) return;
  network.refreshAll(store.position);
  setInterval(() => networkView.tick(lang, Date.now()), 1_000);
  await loadFiltered();
  setInterval(() => {
    if (indicator.state !== 'live') return;
    void resync();
    // also what no event tells: a deadline or a due date passing, a practice hidden from us
    network.refreshAll();
  }, RESYNC_EVERY_MS);
  await runLive();
}

void main();
