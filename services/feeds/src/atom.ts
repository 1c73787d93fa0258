import { EVENT_TYPES, LANGUAGES, findParticipant, findTheme, itemPath } from '@rcpx/contracts';
import type { Language } from '@rcpx/contracts';
import { VERBS, membershipTitle } from './atom-texts.ts';
import type { FeedTexts } from './atom-texts.ts';
import { element, emptyElement, textElement } from './xml.ts';

export const ATOM_NS = 'http://www.w3.org/2005/Atom';
export const HISTORY_NS = 'http://purl.org/syndication/history/1.0';
const EPOCH = '1970-01-01T00:00:00.000Z';
const SUMMARY_MAX = 2_000;

/** One event of the mirrored log, as a feed entry needs it. */
export interface FeedEvent {
  seq: number;
  id: string;
  type: string;
  kind: string;
  itemId: string;
  participant: string;
  themes: readonly string[];
  time: Date;
  data: Record<string, unknown>;
}

type Localized = Partial<Record<Language, string>>;

function asLocalized(v: unknown): Localized | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const out: Localized = {};
  for (const l of LANGUAGES) {
    const s = (v as Record<string, unknown>)[l];
    if (typeof s === 'string' && s.trim() !== '') out[l] = s;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The text in `lang`, else in the first language present; with the language it is in. */
export function pick(
  text: Localized | undefined,
  lang: Language,
): { lang: Language; text: string } | undefined {
  if (!text) return undefined;
  for (const l of [lang, ...LANGUAGES]) {
    const s = text[l];
    if (s !== undefined) return { lang: l, text: s };
  }
  return undefined;
}

function titleOf(e: FeedEvent): Localized | undefined {
  if (e.type === EVENT_TYPES.membershipChanged) return membershipTitle(e.data);
  const meeting = e.data.meeting as Record<string, unknown> | undefined;
  return asLocalized(e.data.title) ?? asLocalized(meeting?.title);
}

/** A web address a reader may follow (http or https), else undefined. */
function webUrl(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol) ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An entry's links: the item's readable page (`text/html`, in the feed's language), the item as
 * JSON, and for a publication the document itself (`related`).
 */
function entryLinks(e: FeedEvent, lang: Language, texts: FeedTexts): string[] {
  if (e.kind === 'membership') {
    // no page of its own: the process's registry entry, with its members and observers
    const href = `/v1/participants/${e.participant}`;
    return [emptyElement('link', { rel: 'alternate', type: 'application/json', href })];
  }
  const path = itemPath(e.kind, e.itemId);
  const links = [
    emptyElement('link', {
      rel: 'alternate',
      type: 'text/html',
      href: lang === 'en' ? path : `${path}?lang=${lang}`,
      title: texts.itemPage,
    }),
    emptyElement('link', {
      rel: 'alternate',
      type: 'application/json',
      href: path,
      title: texts.itemJson,
    }),
  ];
  const document = e.kind === 'publication' ? webUrl(e.data.url) : undefined;
  if (document) {
    links.push(emptyElement('link', { rel: 'related', href: document, title: texts.document }));
  }
  return links;
}

function entry(e: FeedEvent, lang: Language, texts: FeedTexts): string {
  const title = pick(titleOf(e), lang) ?? { lang, text: e.itemId };
  const verb = VERBS[e.type]?.[title.lang];
  const summary = pick(asLocalized(e.data.summary), lang);
  const owner = findParticipant(e.participant);
  const time = new Date(e.time).toISOString();
  const children = [
    textElement('id', `urn:uuid:${e.id}`),
    textElement('title', verb ? `${verb}: ${title.text}` : title.text, {
      type: 'text',
      'xml:lang': title.lang,
    }),
    textElement('updated', time),
    textElement('published', time),
    element('author', {}, [
      textElement('name', owner?.name ?? e.participant),
      textElement('uri', `/v1/participants/${e.participant}`),
    ]),
    ...entryLinks(e, lang, texts),
    ...e.themes.map((t) =>
      emptyElement('category', {
        term: t,
        scheme: 'urn:rcpx:themes',
        label: findTheme(t)?.labels[lang],
      }),
    ),
    emptyElement('category', { term: e.type, scheme: 'urn:rcpx:event-types' }),
  ];
  if (summary) {
    const text =
      summary.text.length > SUMMARY_MAX ? `${summary.text.slice(0, SUMMARY_MAX)}…` : summary.text;
    children.push(textElement('summary', text, { type: 'text', 'xml:lang': summary.lang }));
  }
  return element('entry', {}, children);
}

/** Links of a feed document (RFC 4287 §4.2.7, RFC 5005 paging and archives). */
export interface FeedLinks {
  self: string;
  /** The head (subscription) document. */
  current: string;
  alternate: string;
  /** Older entries: RFC 5005 `next` (paged) and `prev-archive` (archived). */
  older?: string | undefined;
  /** Newer archive (`next-archive`), on archive pages. */
  newer?: string | undefined;
}

export interface FeedSpec {
  /** Stable feed id (a URN). */
  id: string;
  /** Title, subtitle, author and link titles, in `lang`. */
  texts: FeedTexts;
  lang: Language;
  /** Absolute base for the relative links (`xml:base`), when known. */
  base?: string | undefined;
  links: FeedLinks;
  /** An archive document (RFC 5005 §4): not the head. */
  archive: boolean;
  events: readonly FeedEvent[];
}

/** A complete Atom 1.0 document (RFC 4287), entries newest first as given. */
export function renderFeed(spec: FeedSpec): string {
  const newest = spec.events[0];
  const { links } = spec;
  const link = (rel: string, href: string, type = 'application/atom+xml') =>
    emptyElement('link', { rel, type, href });
  const children = [
    textElement('id', spec.id),
    textElement('title', spec.texts.title, { type: 'text' }),
    textElement('subtitle', spec.texts.subtitle, { type: 'text' }),
    textElement('updated', newest ? new Date(newest.time).toISOString() : EPOCH),
    element('author', {}, [textElement('name', spec.texts.author)]),
    textElement('generator', 'rcpx', { version: '1' }),
    link('self', links.self),
    link('alternate', links.alternate, 'application/json'),
    ...(spec.archive ? [link('current', links.current), emptyElement('fh:archive')] : []),
    ...(links.older ? [link('next', links.older), link('prev-archive', links.older)] : []),
    ...(links.newer ? [link('next-archive', links.newer)] : []),
    ...spec.events.map((e) => entry(e, spec.lang, spec.texts)),
  ];
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    element(
      'feed',
      {
        xmlns: ATOM_NS,
        'xmlns:fh': HISTORY_NS,
        'xml:lang': spec.lang,
        'xml:base': spec.base,
      },
      children,
    ) +
    '\n'
  );
}
