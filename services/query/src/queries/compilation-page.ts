import { findParticipant, type Language, type QueryCompilation } from '@rcpx/contracts';
import { escapeHtml as esc } from '@rcpx/service-kit';

type Texts = Record<Language, string>;

const L = {
  compilation: {
    en: 'Compilation of replies',
    fr: 'Compilation des réponses',
    es: 'Compilación de respuestas',
  },
  askedBy: { en: 'Asked by', fr: 'Question de', es: 'Consulta de' },
  deadline: { en: 'Deadline', fr: 'Date limite', es: 'Fecha límite' },
  open: { en: 'open', fr: 'ouverte', es: 'abierta' },
  closed: { en: 'closed', fr: 'close', es: 'cerrada' },
  none: { en: 'No reply.', fr: 'Aucune réponse.', es: 'Ninguna respuesta.' },
} satisfies Record<string, Texts>;

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;' +
  'color:#1a1a1a}h1{font-size:1.6rem;margin:.2rem 0}.kind{color:#555;text-transform:uppercase;' +
  'font-size:.8rem;letter-spacing:.05em}h2{font-size:1.15rem;margin-top:1.6rem}' +
  'blockquote{margin:.5rem 0;padding:.2rem 1rem;border-left:3px solid #ccc}' +
  'cite{font-style:normal;font-weight:600}nav a{margin-right:.7rem}' +
  '@media print{nav{display:none}h2{break-after:avoid}blockquote{break-inside:avoid}}';

/** The page's Content-Security-Policy: its own inline style, nothing else. */
export const COMPILATION_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

const langAttr = (l: Language, page: Language) => (l === page ? '' : ` lang="${l}"`);
const paras = (s: string) =>
  s
    .split(/\n\s*\n/)
    .map((p) => `<p>${esc(p.trim()).replace(/\n/g, '<br>')}</p>`)
    .join('');
const nameOf = (slug: string) => findParticipant(slug)?.name ?? slug;

/** A printable HTML page of a compilation (every value escaped). */
export function renderCompilationPage(c: QueryCompilation, path: string): string {
  const lang = c.lang;
  const nav = (['en', 'fr', 'es'] as const)
    .map((l) =>
      l === lang
        ? `<strong>${l}</strong>`
        : `<a href="${esc(`${path}?lang=${l}`)}" hreflang="${l}">${l}</a>`,
    )
    .join(' ');
  const questions = c.questions
    .map(
      (q) =>
        `<section><h2${langAttr(q.lang, lang)}>${esc(q.ref)}. ${esc(q.text)}</h2>` +
        (q.answers.length === 0
          ? `<p><em>${L.none[lang]}</em></p>`
          : q.answers
              .map(
                (a) =>
                  `<blockquote${langAttr(a.lang, lang)}><cite>${esc(nameOf(a.participant))}</cite>` +
                  `${paras(a.text)}</blockquote>`,
              )
              .join('')) +
        '</section>',
    )
    .join('\n');
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(c.title.text)} — ${L.compilation[lang]} — rcpx</title>
<link rel="alternate" type="application/json" href="${esc(path)}">
<style>${STYLE}</style></head>
<body><nav>${nav}</nav>
<article>
<p class="kind">${L.compilation[lang]}</p>
<h1${langAttr(c.title.lang, lang)}>${esc(c.title.text)}</h1>
<p>${L.askedBy[lang]}: ${esc(nameOf(c.participant))} · ${L.deadline[lang]}: ${esc(c.deadline)} (${L[c.status][lang]})</p>
${questions}
</article>
</body></html>
`;
}
