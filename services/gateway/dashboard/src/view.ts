import { LANGS, localized, strings, typeInWords } from './i18n.ts';
import type { Lang } from './i18n.ts';
import type { Indicator } from './status.ts';
import type { Counts, TickerEntry } from './store.ts';

/** A theme of the taxonomy (from `GET /v1/themes`). */
export interface ThemeInfo {
  slug: string;
  labels: Record<Lang, string>;
}

/** A participant of the registry (from `GET /v1/participants`). */
export interface ParticipantInfo {
  slug: string;
  acronym: string;
  name: string;
}

/** Everything the page shows. */
export interface ViewModel {
  lang: Lang;
  themes: readonly ThemeInfo[];
  participants: readonly ParticipantInfo[];
  counts: Counts;
  total: number;
  ticker: readonly TickerEntry[];
  filter: ReadonlySet<string>;
  indicator: Indicator;
  /** The seq the counts are exact at. */
  position: number;
  /** False until the first counts and ticker arrived: nothing is known yet, not "nothing". */
  loaded: boolean;
  /** Time travel: the seq shown, with links to the neighbouring ones and to live. */
  asOf?: { seq: number; earlier: string; later: string; live: string };
}

export interface ViewHandlers {
  onLang(lang: Lang): void;
  onToggleTheme(slug: string): void;
  onClearFilter(): void;
}

const $ = <T extends HTMLElement>(doc: Document, id: string): T => {
  const el = doc.getElementById(id);
  if (!el) throw new Error(`#${id} is missing`);
  return el as T;
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

/** The page's DOM, updated in place from a `ViewModel` (user text only ever as textContent). */
export function createView(doc: Document, handlers: ViewHandlers) {
  const ticker = $<HTMLOListElement>(doc, 'ticker');
  const themesList = $<HTMLUListElement>(doc, 'themes');
  const participantsList = $<HTMLUListElement>(doc, 'participants');
  const filterBox = $(doc, 'filter');
  const status = $(doc, 'status');
  const rows = new Map<string, HTMLLIElement>();
  const tiles = new Map<string, HTMLLIElement>();
  const lines = new Map<number, HTMLLIElement>();
  /** Fresh entries already highlighted once (a rebuilt line is not highlighted again). */
  const highlighted = new Set<number>();
  let rendered: { lang: Lang; themes: unknown; participants: unknown } | null = null;

  $(doc, 'langs').addEventListener('click', (e) => {
    const lang = (e.target as HTMLElement).closest<HTMLElement>('[data-lang]')?.dataset.lang;
    if (lang && (LANGS as readonly string[]).includes(lang)) handlers.onLang(lang as Lang);
  });
  themesList.addEventListener('click', (e) => {
    const slug = (e.target as HTMLElement).closest<HTMLElement>('[data-theme]')?.dataset.theme;
    if (slug) handlers.onToggleTheme(slug);
  });
  filterBox.addEventListener('click', (e) => {
    const target = (e.target as HTMLElement).closest<HTMLElement>('button');
    if (!target) return;
    if (target.dataset.theme) handlers.onToggleTheme(target.dataset.theme);
    else handlers.onClearFilter();
  });

  const themeLabel = (m: ViewModel, slug: string) =>
    m.themes.find((t) => t.slug === slug)?.labels[m.lang] ?? slug;

  function buildStatic(m: ViewModel): void {
    const s = strings(m.lang);
    doc.documentElement.lang = m.lang;
    doc.title = `rcpx · ${s.title}`;
    $(doc, 'title').textContent = s.title;
    $(doc, 'subtitle').textContent = s.subtitle;
    $(doc, 'ticker-heading').textContent = s.latest;
    $(doc, 'themes-heading').textContent = s.themes;
    $(doc, 'participants-heading').textContent = s.participants;
    $(doc, 'langs').setAttribute('aria-label', s.language);
    for (const b of doc.querySelectorAll<HTMLButtonElement>('#langs button')) {
      b.setAttribute('aria-pressed', String(b.dataset.lang === m.lang));
    }
    themesList.replaceChildren();
    rows.clear();
    for (const t of m.themes) {
      const li = el(doc, 'li');
      const button = el(doc, 'button', 'theme');
      button.type = 'button';
      button.dataset.theme = t.slug;
      button.title = s.toggleTheme(t.labels[m.lang]);
      button.append(
        el(doc, 'span', 'label', t.labels[m.lang]),
        el(doc, 'span', 'count', '0'),
        el(doc, 'span', 'meter'),
      );
      li.append(button);
      rows.set(t.slug, li);
    }
    participantsList.replaceChildren();
    tiles.clear();
    for (const p of m.participants) {
      const li = el(doc, 'li', 'participant');
      li.dataset.participant = p.slug;
      li.title = p.name;
      li.append(el(doc, 'span', 'acronym', p.acronym), el(doc, 'span', 'count', '0'));
      tiles.set(p.slug, li);
    }
    ticker.replaceChildren();
    lines.clear();
    rendered = { lang: m.lang, themes: m.themes, participants: m.participants };
  }

  function renderStatus(m: ViewModel): void {
    const s = strings(m.lang);
    status.dataset.state = m.indicator;
    const text: Record<Indicator, string> = {
      connecting: s.connecting,
      live: s.live,
      reconnecting: s.reconnecting,
      offline: s.offline,
      asof: s.asOf(m.asOf?.seq ?? m.position),
    };
    $(doc, 'status-text').textContent = text[m.indicator];
    $(doc, 'total').textContent = m.loaded ? `${s.items(m.total)} · seq ${m.position}` : '…';
    const bar = $(doc, 'timebar');
    bar.hidden = m.asOf === undefined;
    if (m.asOf) {
      $(doc, 'asof-text').textContent = s.asOf(m.asOf.seq);
      const earlier = $<HTMLAnchorElement>(doc, 'earlier');
      earlier.href = m.asOf.earlier;
      earlier.querySelector('span')!.textContent = s.earlier;
      const later = $<HTMLAnchorElement>(doc, 'later');
      later.href = m.asOf.later;
      later.querySelector('span')!.textContent = s.later;
      const live = $<HTMLAnchorElement>(doc, 'back-live');
      live.href = m.asOf.live;
      live.textContent = s.backToLive;
    }
  }

  function renderCounts(m: ViewModel): void {
    const max = Math.max(1, ...m.counts.theme.values());
    const order = [...m.themes]
      .map((t, i) => ({ t, i, n: m.counts.theme.get(t.slug) ?? 0 }))
      .sort((a, b) => b.n - a.n || a.i - b.i);
    const wanted = order.map(({ t }) => rows.get(t.slug)!);
    if (wanted.some((li, i) => themesList.children[i] !== li))
      themesList.replaceChildren(...wanted);
    for (const { t, n } of order) {
      const row = rows.get(t.slug)!;
      const button = row.firstElementChild as HTMLButtonElement;
      button.setAttribute('aria-pressed', String(m.filter.has(t.slug)));
      row.classList.toggle('zero', n === 0);
      button.classList.toggle('zero', n === 0);
      button.querySelector('.count')!.textContent = String(n);
      (button.querySelector('.meter') as HTMLElement).style.setProperty('--share', String(n / max));
    }
    for (const p of m.participants) {
      const li = tiles.get(p.slug)!;
      const n = m.counts.participant.get(p.slug) ?? 0;
      li.classList.toggle('zero', n === 0);
      li.querySelector('.count')!.textContent = String(n);
    }
    if (participantsList.children.length !== tiles.size) {
      participantsList.replaceChildren(...tiles.values());
    }
  }

  function renderFilter(m: ViewModel): void {
    const s = strings(m.lang);
    const parts: HTMLElement[] = [el(doc, 'span', 'filter-label', s.filter)];
    if (m.filter.size === 0) parts.push(el(doc, 'span', 'chip all', s.allThemes));
    for (const slug of m.filter) {
      const b = el(doc, 'button', 'chip', `${themeLabel(m, slug)} ✕`);
      b.type = 'button';
      b.dataset.theme = slug;
      b.title = s.removeFilter(themeLabel(m, slug));
      parts.push(b);
    }
    if (m.filter.size > 1) {
      const clear = el(doc, 'button', 'chip clear', '✕');
      clear.type = 'button';
      clear.title = s.clearFilter;
      parts.push(clear);
    }
    filterBox.replaceChildren(...parts);
  }

  function line(m: ViewModel, e: TickerEntry): HTMLLIElement {
    const fresh = e.fresh && !highlighted.has(e.seq);
    if (fresh) highlighted.add(e.seq);
    const li = el(doc, 'li', fresh ? 'entry fresh' : 'entry');
    li.dataset.seq = String(e.seq);
    li.dataset.type = e.type;
    const who = m.participants.find((p) => p.slug === e.participant);
    const meta = el(doc, 'div', 'meta');
    const time = el(doc, 'time', 'when');
    time.dateTime = e.time;
    const date = new Date(e.time);
    time.textContent = Number.isNaN(date.getTime())
      ? ''
      : new Intl.DateTimeFormat(m.lang, {
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
        }).format(date);
    meta.append(
      el(doc, 'span', 'who', who?.acronym ?? e.participant),
      el(doc, 'span', 'what', typeInWords(m.lang, e.type)),
      time,
    );
    const title = localized(e.title, m.lang);
    const h = el(doc, 'p', 'title', title?.text ?? '—');
    if (title?.lang && title.lang !== m.lang) h.lang = title.lang;
    const tags = el(doc, 'ul', 'tags');
    for (const t of e.themes) {
      const tag = el(doc, 'li', 'tag', themeLabel(m, t));
      tag.dataset.theme = t;
      tags.append(tag);
    }
    li.append(meta, h, tags);
    return li;
  }

  function renderTicker(m: ViewModel): void {
    const wanted = m.ticker.map((e) => lines.get(e.seq) ?? line(m, e));
    const keep = new Set(m.ticker.map((e) => e.seq));
    for (const seq of lines.keys()) if (!keep.has(seq)) lines.delete(seq);
    if (highlighted.size > 1000)
      for (const seq of highlighted) if (!keep.has(seq)) highlighted.delete(seq);
    m.ticker.forEach((e, i) => lines.set(e.seq, wanted[i]!));
    if (
      wanted.some((li, i) => ticker.children[i] !== li) ||
      ticker.children.length !== wanted.length
    ) {
      ticker.replaceChildren(...wanted);
    }
    const s = strings(m.lang);
    const empty = $(doc, 'ticker-empty');
    empty.hidden = m.ticker.length > 0;
    empty.classList.toggle('loading', !m.loaded);
    empty.textContent = !m.loaded ? s.loading : m.filter.size > 0 ? s.emptyFiltered : s.empty;
    ticker.setAttribute('aria-busy', String(!m.loaded));
  }

  return {
    /** Brings the page up to date with `m`. */
    render(m: ViewModel): void {
      if (
        rendered?.lang !== m.lang ||
        rendered.themes !== m.themes ||
        rendered.participants !== m.participants
      ) {
        buildStatic(m);
      }
      renderStatus(m);
      renderCounts(m);
      renderFilter(m);
      renderTicker(m);
    },
  };
}
