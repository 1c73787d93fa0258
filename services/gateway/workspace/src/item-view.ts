import { ApiError, api } from './api.ts';
import type { Item, ItemVersion } from './api.ts';
import { adoptionReads, adoptionSection } from './adoption-section.ts';
import { errorText, itemTitle } from './catalogue.ts';
import type { Ctx, Reader } from './context.ts';
import { formatDate, minSeqOf, participantName, readerOf, themeLabel } from './context.ts';
import { h } from './dom.ts';
import type { Child } from './dom.ts';
import { LANGS, LANG_NAMES, languagesOf } from './i18n.ts';
import type { Lang } from './i18n.ts';
import { itemLive } from './live-updates.ts';
import { FORM_STRINGS } from './i18n-forms.ts';
import { outcomeMeta } from './outcome-meta.ts';
import { ownerActions } from './owner-actions.ts';
import type { Collection } from './router.ts';

const NOUN = { practices: 'practice', meetings: 'meeting', publications: 'publication' } as const;

/** Paragraphs of a text (blank lines separate them). */
const paragraphs = (text: string, lang: Lang | null) =>
  text
    .split(/\n\s*\n/)
    .filter((p) => p.trim() !== '')
    .map((p) => h('p', { lang }, p.trim()));

/** The languages an item has content in (title, summary, body, meeting title). */
function itemLanguages(item: Item): Lang[] {
  const meeting = item.meeting as { title?: unknown } | undefined;
  const all = new Set([
    ...languagesOf(item.title),
    ...languagesOf(item.summary),
    ...languagesOf(item.body),
    ...languagesOf(meeting?.title),
  ]);
  return LANGS.filter((l) => all.has(l));
}

/**
 * An item page's first reads (also started at page load: early-reads.ts): the item, its versions
 * and, for a practice, its lineage and — `who` a publisher — `who`'s own practices.
 */
export function firstReads(
  route: { collection: Collection; id: string; query: URLSearchParams },
  who: Reader | null,
) {
  const { collection, id } = route;
  const minSeq = minSeqOf(route.query);
  return {
    item: api.item(collection, id, minSeq),
    versions: api.versions(collection, id, minSeq),
    adoption: collection === 'practices' ? adoptionReads(id, minSeq, who) : null,
  };
}

/** An item: its content in the chosen language (the others one click away), history, feeds. */
export async function itemView(
  ctx: Ctx,
  collection: Collection,
  id: string,
  query: URLSearchParams,
): Promise<Child[]> {
  const { s } = ctx;
  let item: Item;
  let versions: ItemVersion[];
  const reads = firstReads({ collection, id, query }, readerOf(ctx));
  const { adoption } = reads;
  try {
    [item, { items: versions }] = await Promise.all([reads.item, reads.versions]);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return notFoundView(ctx);
    return [
      h('h1', { tabindex: -1 }, s[NOUN[collection]]),
      h('p', { role: 'alert' }, errorText(ctx, e)),
    ];
  }
  const have = itemLanguages(item);
  const asked = query.get('text') as Lang | null;
  const lang: Lang =
    asked && have.includes(asked)
      ? asked
      : have.includes(ctx.lang)
        ? ctx.lang
        : (have[0] ?? ctx.lang);
  const view: Ctx = { ...ctx, lang };
  const other = lang !== ctx.lang ? lang : null;

  const switcher = h(
    'nav',
    { className: 'text-langs', 'aria-label': s.contentIn },
    h('span', {}, `${s.contentIn}: `),
    have.map((l) =>
      h(
        'a',
        {
          href: `/app/${collection}/${item.id}?text=${l}`,
          lang: l,
          hreflang: l,
          'aria-current': l === lang ? 'true' : null,
        },
        LANG_NAMES[l],
      ),
    ),
  );
  const note =
    !have.includes(ctx.lang) && have.length > 0
      ? h('p', { className: 'note' }, `${s.notInLang} ${LANG_NAMES[lang]}.`)
      : '';

  const text = (v: unknown, label: string): Child => {
    const o = (v ?? {}) as Partial<Record<Lang, string>>;
    const t = o[lang] ?? (typeof v === 'string' ? v : undefined);
    return t ? [h('h2', {}, label), paragraphs(t, other)] : '';
  };
  const themes = (item.themes as string[] | undefined) ?? [];
  const countries = (item.countries as string[] | undefined) ?? [];
  const facts: [string, Child][] = [
    [s.by, participantName(ctx, item.participant)],
    [s.updated, h('time', { datetime: item.updatedAt }, formatDate(ctx, item.updatedAt, true))],
    [s.themes, themes.map((t) => themeLabel(ctx, t)).join(', ')],
  ];
  if (countries.length > 0) facts.push([s.countries, countries.join(', ')]);

  return [
    h('p', { className: 'crumbs' }, h('a', { href: `/app/${collection}` }, s[collection])),
    h('h1', { tabindex: -1, id: 'item-title' }, itemTitle(ctx, collection, item, lang)),
    item.status === 'withdrawn' ? h('p', { className: 'badge' }, s.withdrawnBadge) : '',
    itemLive(ctx, collection, item),
    ownerActions(ctx, collection, item),
    switcher,
    note,
    h(
      'dl',
      { className: 'facts' },
      facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
    ),
    h(
      'article',
      { className: 'content', id: 'content' },
      text(item.summary, s.summary),
      text(item.body, s.body),
      kindDetails(view, other, item),
      linksOf(ctx, item),
    ),
    item.kind === 'practice' && adoption ? await adoptionSection(ctx, item, adoption) : '',
    historyOf(ctx, versions),
    followOf(ctx, collection, item, themes),
  ];
}

function kindDetails(ctx: Ctx, other: Lang | null, item: Item): Child {
  const { s } = ctx;
  if (item.kind === 'meeting') {
    const m = (item.meeting ?? {}) as { level?: string; startsOn?: string; hostCountry?: string };
    const outcomes = (item.outcomes as { kind: string; text: unknown }[] | undefined) ?? [];
    return [
      h(
        'dl',
        { className: 'facts' },
        m.level ? [h('dt', {}, s.meetingLevel), h('dd', {}, s.words[m.level] ?? m.level)] : '',
        m.startsOn ? [h('dt', {}, s.meetingDate), h('dd', {}, formatDate(ctx, m.startsOn))] : '',
        m.hostCountry ? [h('dt', {}, s.hostCountry), h('dd', {}, m.hostCountry)] : '',
      ),
      h('h2', {}, s.outcomes),
      h(
        'ol',
        { className: 'outcomes' },
        outcomes.map((o) => {
          const t =
            typeof o.text === 'string'
              ? o.text
              : ((o.text as Record<string, string>)[ctx.lang] ??
                Object.values(o.text as Record<string, string>)[0] ??
                '');
          return h(
            'li',
            {},
            h('strong', {}, `${s.words[o.kind] ?? o.kind}: `),
            h('span', { lang: other }, t),
            outcomeMeta(ctx, o, item.id),
          );
        }),
      ),
    ];
  }
  if (item.kind === 'publication' && typeof item.url === 'string') {
    return [
      h(
        'p',
        {},
        `${s.kind}: ${s.words[String(item.publicationKind)] ?? String(item.publicationKind ?? '')}`,
      ),
      h('p', {}, h('a', { href: item.url, rel: 'noopener noreferrer' }, s.openDocument)),
    ];
  }
  return '';
}

function linksOf(ctx: Ctx, item: Item): Child {
  const links = (item.links as (string | { url: string; title?: string })[] | undefined) ?? [];
  const contact = item.contact;
  const out: Child[] = [];
  if (links.length > 0) {
    out.push(
      h('h2', {}, ctx.s.links),
      h(
        'ul',
        {},
        links.map((l) => {
          const url = typeof l === 'string' ? l : l.url;
          const title = typeof l === 'string' ? l : (l.title ?? l.url);
          return /^https?:\/\//.test(url)
            ? h('li', {}, h('a', { href: url, rel: 'noopener noreferrer' }, title))
            : h('li', {}, title);
        }),
      ),
    );
  }
  if (contact) {
    const text =
      typeof contact === 'string'
        ? contact
        : Object.values(contact as Record<string, string>).join(' · ');
    out.push(h('h2', {}, ctx.s.contact), h('p', {}, text));
  }
  return out;
}

function historyOf(ctx: Ctx, versions: ItemVersion[]): Node {
  const { s } = ctx;
  return h(
    'section',
    { className: 'history', 'aria-labelledby': 'history-heading' },
    h('h2', { id: 'history-heading' }, s.history),
    h(
      'ol',
      { id: 'versions', reversed: true },
      [...versions].reverse().map((v) => {
        const changed = (v.data.changed as string[] | undefined) ?? [];
        return h(
          'li',
          { 'data-version': v.version },
          h('strong', {}, s.version(v.version)),
          ` · ${s.events[v.type] ?? v.type} · `,
          h('time', { datetime: v.time }, formatDate(ctx, v.time, true)),
          changed.length > 0
            ? ` · ${s.changed}: ${changed.map((f) => s.fieldNames[f] ?? FORM_STRINGS[ctx.lang].names[f] ?? f).join(', ')}`
            : '',
        );
      }),
    ),
  );
}

function followOf(ctx: Ctx, collection: Collection, item: Item, themes: string[]): Node {
  const { s } = ctx;
  const name = participantName(ctx, item.participant);
  return h(
    'section',
    { className: 'follow', 'aria-labelledby': 'follow-heading' },
    h('h2', { id: 'follow-heading' }, s.follow),
    h(
      'ul',
      {},
      themes.map((t) =>
        h(
          'li',
          {},
          h(
            'a',
            { href: `/v1/feeds/themes/${t}.atom`, type: 'application/atom+xml' },
            s.atomTheme(themeLabel(ctx, t)),
          ),
        ),
      ),
      h(
        'li',
        {},
        h(
          'a',
          { href: `/v1/feeds/participants/${item.participant}.atom`, type: 'application/atom+xml' },
          s.atomParticipant(name),
        ),
      ),
      h(
        'li',
        {},
        h('a', { href: `/dashboard?themes=${themes.join(',')}&lang=${ctx.lang}` }, s.liveLink),
      ),
      h(
        'li',
        {},
        h('a', { href: `/v1/${collection}/${item.id}`, type: 'application/json' }, s.jsonLink),
      ),
    ),
  );
}

/** The page for what does not exist or may not be seen (the same). */
export function notFoundView(ctx: Ctx): Child[] {
  return [
    h('h1', { tabindex: -1 }, ctx.s.notFound),
    h('p', {}, ctx.s.notFoundText),
    h('p', {}, h('a', { href: '/app/practices' }, ctx.s.backToCatalogue)),
  ];
}
