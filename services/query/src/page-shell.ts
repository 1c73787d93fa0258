import { LANGUAGES, type Language } from '@rcpx/contracts';
import { escapeHtml as esc } from '@rcpx/service-kit';

/** The Content-Security-Policy of the HTML pages: their own inline style, nothing else. */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

const BASE_STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;' +
  'color:#1a1a1a}h1{font-size:1.6rem;margin:.2rem 0}.kind{color:#555;text-transform:uppercase;' +
  'font-size:.8rem;letter-spacing:.05em}nav a{margin-right:.7rem}';

/** ` lang="…"` when a text's language differs from the page's, else nothing. */
export const langAttr = (l: Language, page: Language) => (l === page ? '' : ` lang="${l}"`);

export interface PageParts {
  /** The page's language. */
  lang: Language;
  /** The resource's path: the JSON alternate, and `?lang=` links to the other languages. */
  path: string;
  /** The parts of the document title (text, escaped here), before "rcpx". */
  title: string[];
  /** What the page shows (text, escaped here), above the heading. */
  kind: string;
  /** The heading (text, escaped here) and its language. */
  heading: { text: string; lang: Language };
  /** The page's own style rules, after the shared ones. */
  style: string;
  /** The article's HTML after the heading (escaped by the caller). */
  body: string;
  /** The footer's HTML (escaped by the caller), if any. */
  footer?: string;
}

/**
 * An HTML page of the exchange (an item, a compilation): language links, the JSON alternate,
 * the shared style, an article with its kind and heading, an optional footer.
 */
export function renderPage(p: PageParts): string {
  const { lang, path } = p;
  const nav = LANGUAGES.map((l) =>
    l === lang
      ? `<strong>${l}</strong>`
      : `<a href="${esc(`${path}?lang=${l}`)}" hreflang="${l}">${l}</a>`,
  ).join(' ');
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${[...p.title, 'rcpx'].map(esc).join(' — ')}</title>
<link rel="alternate" type="application/json" href="${esc(path)}">
<style>${BASE_STYLE}${p.style}</style></head>
<body><nav>${nav}</nav>
<article>
<p class="kind">${esc(p.kind)}</p>
<h1${langAttr(p.heading.lang, lang)}>${esc(p.heading.text)}</h1>
${p.body}
</article>
${p.footer === undefined ? '' : `<footer>${p.footer}</footer>\n`}</body></html>
`;
}
