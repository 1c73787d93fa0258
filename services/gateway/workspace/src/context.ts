import type { Participant, Theme } from '@rcpx/contracts';
import type { SessionInfo } from './api.ts';
import type { Lang, Strings } from './i18n.ts';

/** What every view needs: the language, the session, the registries, navigation. */
export interface Ctx {
  lang: Lang;
  s: Strings;
  session: SessionInfo | null;
  themes: readonly Theme[];
  participants: readonly Participant[];
  /** Goes to a workspace URL (history entry; `replace` replaces the current one). */
  navigate(url: string, replace?: boolean): void;
  /** Says something to screen readers (and shows nothing). */
  announce(message: string): void;
  /** Signs in/out happened: reads the session again and redraws the header. */
  sessionChanged(session: SessionInfo | null): void;
}

/** A participant's display name (its acronym when it has one), else its slug. */
export function participantName(ctx: Ctx, slug: string): string {
  const p = ctx.participants.find((x) => x.slug === slug);
  return p ? p.acronym || p.name : slug;
}

/** A theme's label in the UI language, else its slug. */
export function themeLabel(ctx: Ctx, slug: string): string {
  return ctx.themes.find((x) => x.slug === slug)?.labels[ctx.lang] ?? slug;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The date formatter of the UI language (one per language and style: they are dear). */
function dateFormat(lang: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${lang} ${withTime}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(lang, {
      dateStyle: 'medium',
      ...(withTime ? { timeStyle: 'short' } : {}),
    });
    formats.set(key, format);
  }
  return format;
}

/** Makes the UI language's date formatter now (the first of a page loads the locale's data). */
export const warmDateFormat = (ctx: Ctx): void => void dateFormat(ctx.lang, false);

/** A date (and time) in the UI language. */
export function formatDate(ctx: Ctx, iso: string, withTime = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dateFormat(ctx.lang, withTime).format(d);
}

/** Who reads: a participant and its role (at page load, who was signed in last: a hint). */
export interface Reader {
  me: string;
  role: string;
}

/** The reader of the session (null when no participant is signed in). */
export function readerOf(ctx: Ctx): Reader | null {
  const s = ctx.session;
  return s?.participant ? { me: s.participant, role: s.role } : null;
}

/** The number in a URL's `minSeq` (undefined when absent or not a number). */
export const minSeqOf = (query: URLSearchParams) => Number(query.get('minSeq')) || undefined;
