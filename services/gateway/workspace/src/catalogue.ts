import { api } from './api.ts';
import type { Item } from './api.ts';
import type { Ctx } from './context.ts';
import { formatDate, participantName, themeLabel } from './context.ts';
import { h } from './dom.ts';
import type { Child } from './dom.ts';
import { localized } from './i18n.ts';
import { catalogueLive } from './live-updates.ts';
import type { Lang } from './i18n.ts';
import { apiListQuery, listUrl } from './router.ts';
import type { Collection } from './router.ts';

const TITLE_OF: Record<Collection, (i: Item) => unknown> = {
  practices: (i) => i.title,
  meetings: (i) => (i.meeting as { title?: unknown } | undefined)?.title,
  publications: (i) => i.title,
};

/** An item's title in `lang` (default: the UI's), marked with its language when not the UI's. */
export function itemTitle(
  ctx: Ctx,
  collection: Collection,
  item: Item,
  lang: Lang = ctx.lang,
): HTMLElement {
  const t = localized(TITLE_OF[collection](item), lang);
  return h('span', { lang: t && t.lang !== ctx.lang ? t.lang : null }, t?.text ?? item.id);
}

function select(
  id: string,
  label: string,
  value: string,
  options: [string, string][],
): HTMLElement {
  return h(
    'div',
    { className: 'field' },
    h('label', { for: id }, label),
    h(
      'select',
      { id, name: id.replace('f-', '') },
      options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)),
    ),
  );
}

/** The catalogue's first read: the page of its URL (also started at page load: early-reads.ts). */
export const firstReads = (route: { collection: Collection; query: URLSearchParams }) =>
  api.list(route.collection, apiListQuery(route.query));

/** The catalogue of a kind: search, filters and keyset pages, all in the URL. */
export async function catalogueView(
  ctx: Ctx,
  collection: Collection,
  query: URLSearchParams,
): Promise<Child[]> {
  const { s } = ctx;
  const get = (k: string) => query.get(k) ?? '';
  const form = h(
    'form',
    { className: 'filters', role: 'search', 'aria-label': s.search, novalidate: true },
    h(
      'div',
      { className: 'field wide' },
      h('label', { for: 'f-q' }, s.searchLabel),
      h('input', { id: 'f-q', name: 'q', type: 'search', value: get('q') }),
    ),
    select('f-themes', s.theme, get('themes'), [
      ['', s.anyTheme],
      ...ctx.themes.map((t): [string, string] => [t.slug, t.labels[ctx.lang]]),
    ]),
    select('f-participants', s.participant, get('participants'), [
      ['', s.anyParticipant],
      ...ctx.participants.map((p): [string, string] => [p.slug, p.name]),
    ]),
    h(
      'div',
      { className: 'field narrow' },
      h('label', { for: 'f-countries' }, s.country),
      h('input', {
        id: 'f-countries',
        name: 'countries',
        value: get('countries'),
        autocomplete: 'off',
        size: 6,
      }),
    ),
    h(
      'div',
      { className: 'field narrow' },
      h('label', { for: 'f-memberState' }, s.memberState),
      h('input', {
        id: 'f-memberState',
        name: 'memberState',
        value: get('memberState'),
        autocomplete: 'off',
        size: 6,
      }),
    ),
    select(
      'f-status',
      s.status,
      get('status') || 'active',
      ['active', 'withdrawn', 'all'].map((v): [string, string] => [v, s.statuses[v]!]),
    ),
    h(
      'div',
      { className: 'actions' },
      h('button', { type: 'submit' }, s.apply),
      h('a', { href: `/app/${collection}`, className: 'button secondary' }, s.clear),
    ),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const value = (k: string) => String(data.get(k) ?? '');
    const status = value('status');
    ctx.navigate(
      listUrl(collection, {
        q: value('q'),
        themes: value('themes'),
        participants: value('participants'),
        countries: value('countries').toUpperCase(),
        memberState: value('memberState').toUpperCase(),
        status: status === 'active' ? '' : status,
        limit: get('limit'),
      }),
    );
  });

  const heading = h('h1', { tabindex: -1 }, s[collection]);
  let results: Node;
  let live: Node | string = '';
  try {
    const page = await firstReads({ collection, query });
    results = resultsOf(ctx, collection, query, page.items, page.nextCursor);
    const list = results;
    live = catalogueLive(ctx, collection, query, page.items, (id) =>
      list instanceof Element ? list.querySelector(`.card[data-id="${CSS.escape(id)}"]`) : null,
    );
  } catch (e) {
    results = h('p', { className: 'error', role: 'alert' }, errorText(ctx, e));
  }
  const tools =
    collection === 'practices' && ctx.session?.role === 'publisher'
      ? h('p', {}, h('a', { href: '/app/practices/new', className: 'button' }, s.publish))
      : null;
  return [heading, tools ?? '', form, live, results];
}

function resultsOf(
  ctx: Ctx,
  collection: Collection,
  query: URLSearchParams,
  items: Item[],
  nextCursor: string | null,
): Node {
  const { s } = ctx;
  const section = h('section', { className: 'results', 'aria-labelledby': 'results-count' });
  section.append(
    h('p', { id: 'results-count', className: 'count' }, s.results(items.length, !!nextCursor)),
  );
  if (items.length === 0) {
    section.append(h('p', { className: 'empty' }, s.empty));
    return section;
  }
  section.append(
    h(
      'ol',
      { className: 'cards', id: 'results' },
      items.map((item) =>
        h(
          'li',
          { className: 'card', 'data-id': item.id },
          h(
            'h2',
            {},
            h('a', { href: `/app/${collection}/${item.id}` }, itemTitle(ctx, collection, item)),
          ),
          summaryOf(ctx, item),
          h(
            'p',
            { className: 'meta' },
            `${s.by} ${participantName(ctx, item.participant)} · ${s.updated} `,
            h('time', { datetime: item.updatedAt }, formatDate(ctx, item.updatedAt)),
            item.status === 'withdrawn' ? h('span', { className: 'badge' }, s.withdrawnBadge) : '',
          ),
          h(
            'ul',
            { className: 'tags', 'aria-label': s.themes },
            ((item.themes as string[] | undefined) ?? []).map((t) =>
              h('li', {}, themeLabel(ctx, t)),
            ),
          ),
        ),
      ),
    ),
  );
  const pager = h('nav', { className: 'pager', 'aria-label': s.nextPage });
  const base = Object.fromEntries(query.entries());
  if (query.get('cursor')) {
    pager.append(h('a', { href: listUrl(collection, { ...base, cursor: '' }) }, s.firstPage));
  }
  if (nextCursor) {
    pager.append(
      h(
        'a',
        { href: listUrl(collection, { ...base, cursor: nextCursor }), rel: 'next', id: 'next' },
        s.nextPage,
      ),
    );
  }
  if (pager.childNodes.length > 0) section.append(pager);
  return section;
}

function summaryOf(ctx: Ctx, item: Item): Node | string {
  const t = localized(item.summary, ctx.lang);
  if (!t) return '';
  const text = t.text.length > 280 ? `${t.text.slice(0, 277)}…` : t.text;
  return h('p', { className: 'summary', lang: t.lang !== ctx.lang ? t.lang : null }, text);
}

/** A failed call in words. */
export function errorText(ctx: Ctx, e: unknown): string {
  const status = (e as { status?: number }).status;
  if (status === undefined) return ctx.s.loadFailed;
  const detail = (e as { problem?: { detail?: string } }).problem?.detail;
  return detail ? `${ctx.s.writeFailed(status)} ${detail}` : ctx.s.writeFailed(status);
}
