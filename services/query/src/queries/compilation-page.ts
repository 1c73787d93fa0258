import { findParticipant, type Language, type QueryCompilation } from '@rcpx/contracts';
import { escapeHtml as esc } from '@rcpx/service-kit';
import { langAttr, renderPage } from '../page-shell.ts';

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
  'h2{font-size:1.15rem;margin-top:1.6rem}' +
  'blockquote{margin:.5rem 0;padding:.2rem 1rem;border-left:3px solid #ccc}' +
  'cite{font-style:normal;font-weight:600}' +
  '@media print{nav{display:none}h2{break-after:avoid}blockquote{break-inside:avoid}}';

const paras = (s: string) =>
  s
    .split(/\n\s*\n/)
    .map((p) => `<p>${esc(p.trim()).replace(/\n/g, '<br>')}</p>`)
    .join('');
const nameOf = (slug: string) => findParticipant(slug)?.name ?? slug;

/** A printable HTML page of a compilation (every value escaped). */
export function renderCompilationPage(c: QueryCompilation, path: string): string {
  const lang = c.lang;
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
  return renderPage({
    lang,
    path,
    title: [c.title.text, L.compilation[lang]],
    kind: L.compilation[lang],
    heading: c.title,
    style: STYLE,
    body:
      `<p>${L.askedBy[lang]}: ${esc(nameOf(c.participant))} · ${L.deadline[lang]}: ` +
      `${esc(c.deadline)} (${L[c.status][lang]})</p>\n${questions}`,
  });
}
