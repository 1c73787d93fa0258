import { LANGUAGES, findParticipant, findTheme } from '@rcpx/contracts';
import type { Item, Language } from '@rcpx/contracts';
import { escapeHtml } from '@rcpx/service-kit';
import { renderPage } from './page-shell.ts';

type Texts = Record<Language, string>;
type Localized = Partial<Record<Language, string>>;

const L = {
  practice: { en: 'Good practice', fr: 'Bonne pratique', es: 'Buena práctica' },
  meeting: { en: 'Meeting outcome', fr: 'Résultats de réunion', es: 'Resultados de reunión' },
  publication: { en: 'Publication', fr: 'Publication', es: 'Publicación' },
  by: { en: 'Shared by', fr: 'Partagé par', es: 'Compartido por' },
  themes: { en: 'Themes', fr: 'Thèmes', es: 'Temas' },
  countries: { en: 'Countries', fr: 'Pays', es: 'Países' },
  updated: { en: 'Last updated', fr: 'Dernière mise à jour', es: 'Última actualización' },
  version: { en: 'version', fr: 'version', es: 'versión' },
  withdrawn: {
    en: 'This item was withdrawn by its publisher.',
    fr: 'Cet élément a été retiré par son auteur.',
    es: 'Este elemento fue retirado por quien lo publicó.',
  },
  links: { en: 'Links', fr: 'Liens', es: 'Enlaces' },
  contact: { en: 'Contact', fr: 'Contact', es: 'Contacto' },
  meetingOf: { en: 'Meeting', fr: 'Réunion', es: 'Reunión' },
  level: { en: 'Level', fr: 'Niveau', es: 'Nivel' },
  date: { en: 'Date', fr: 'Date', es: 'Fecha' },
  host: { en: 'Host country', fr: 'Pays hôte', es: 'País anfitrión' },
  outcomes: { en: 'Outcomes', fr: 'Résultats', es: 'Resultados' },
  kind: { en: 'Type', fr: 'Type', es: 'Tipo' },
  document: { en: 'Open the document', fr: 'Ouvrir le document', es: 'Abrir el documento' },
  languages: { en: 'Languages', fr: 'Langues', es: 'Idiomas' },
  adoptions: {
    en: 'Other processes learning from it',
    fr: 'D’autres processus s’en inspirent',
    es: 'Otros procesos que aprenden de ella',
  },
} satisfies Record<string, Texts>;

/** Labels of the enumerations (meeting levels, outcome and publication kinds). */
const WORDS: Record<string, Texts> = {
  ministerial: { en: 'Ministerial', fr: 'Ministérielle', es: 'Ministerial' },
  'senior-officials': {
    en: 'Senior officials',
    fr: 'Hauts fonctionnaires',
    es: 'Altos funcionarios',
  },
  'technical-workshop': { en: 'Technical workshop', fr: 'Atelier technique', es: 'Taller técnico' },
  declaration: { en: 'Declaration', fr: 'Déclaration', es: 'Declaración' },
  recommendation: { en: 'Recommendation', fr: 'Recommandation', es: 'Recomendación' },
  'action-plan': { en: 'Action plan', fr: 'Plan d’action', es: 'Plan de acción' },
  guidelines: { en: 'Guidelines', fr: 'Lignes directrices', es: 'Directrices' },
  conclusions: { en: 'Conclusions', fr: 'Conclusions', es: 'Conclusiones' },
  research: { en: 'Research', fr: 'Recherche', es: 'Investigación' },
  'model-legislation': {
    en: 'Model legislation',
    fr: 'Législation type',
    es: 'Legislación modelo',
  },
  training: { en: 'Training', fr: 'Formation', es: 'Formación' },
  statistics: { en: 'Statistics', fr: 'Statistiques', es: 'Estadísticas' },
  report: { en: 'Report', fr: 'Rapport', es: 'Informe' },
  considering: { en: 'considering it', fr: 'l’envisage', es: 'la está considerando' },
  piloting: { en: 'piloting it', fr: 'l’expérimente', es: 'la está poniendo a prueba' },
  adopted: { en: 'adopted it', fr: 'l’a adoptée', es: 'la adoptó' },
  adapted: { en: 'adapted it', fr: 'l’a adaptée', es: 'la adaptó' },
  declined: { en: 'declined it', fr: 'l’a déclinée', es: 'la declinó' },
};

const esc = escapeHtml;

/** The text in `lang`, else in the first language present, with the language it is in. */
function pick(v: unknown, lang: Language): { lang: Language; text: string } | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : { lang, text: v };
  if (v === null || typeof v !== 'object') return undefined;
  const t = v as Localized;
  for (const l of [lang, ...LANGUAGES]) {
    const s = t[l];
    if (typeof s === 'string' && s.trim() !== '') return { lang: l, text: s };
  }
  return undefined;
}

/** Escaped text in an element, with `lang` when it differs from the page's. */
function text(tag: string, v: unknown, lang: Language): string {
  const p = pick(v, lang);
  if (!p) return '';
  const paras = p.text.split(/\n\s*\n/).map((s) => esc(s.trim()).replace(/\n/g, '<br>'));
  const attr = p.lang === lang ? '' : ` lang="${p.lang}"`;
  return tag === 'p'
    ? paras.map((s) => `<p${attr}>${s}</p>`).join('')
    : `<${tag}${attr}>${paras.join('<br>')}</${tag}>`;
}

/** An http(s) address as an escaped link, anything else as text. */
function link(url: unknown, label?: string): string {
  if (typeof url !== 'string') return '';
  let ok = false;
  try {
    ok = ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    /* not a URL */
  }
  const shown = esc(label ?? url);
  return ok ? `<a href="${esc(url)}" rel="noopener noreferrer">${shown}</a>` : shown;
}

const word = (w: unknown, lang: Language) =>
  typeof w === 'string' ? esc(WORDS[w]?.[lang] ?? w) : '';
const row = (label: string, value: string) => (value ? `<dt>${label}</dt><dd>${value}</dd>` : '');

function details(item: Record<string, unknown>, lang: Language): string {
  if (item.kind === 'meeting') {
    const m = (item.meeting ?? {}) as Record<string, unknown>;
    const outcomes = Array.isArray(item.outcomes)
      ? (item.outcomes as Record<string, unknown>[])
      : [];
    return (
      `<dl>${row(L.meetingOf[lang], text('span', m.title, lang))}` +
      `${row(L.level[lang], word(m.level, lang))}` +
      `${row(L.date[lang], esc(String(m.startsOn ?? '')))}` +
      `${row(L.host[lang], esc(String(m.hostCountry ?? '')))}</dl>` +
      (outcomes.length
        ? `<h2>${L.outcomes[lang]}</h2><ol>${outcomes
            .map((o) => `<li><strong>${word(o.kind, lang)}</strong>${text('p', o.text, lang)}</li>`)
            .join('')}</ol>`
        : '')
    );
  }
  if (item.kind === 'publication') {
    const langs = Array.isArray(item.languages) ? item.languages.map(String).join(', ') : '';
    return (
      `<dl>${row(L.kind[lang], word(item.publicationKind, lang))}` +
      `${row(L.languages[lang], esc(langs))}</dl>` +
      (item.url ? `<p class="doc">${link(item.url, L.document[lang])}</p>` : '')
    );
  }
  const links = Array.isArray(item.links) ? item.links : [];
  const contact = item.contact;
  const adoptions = Array.isArray(item.adoptions)
    ? (item.adoptions as Record<string, unknown>[])
    : [];
  return (
    (adoptions.length
      ? `<h2>${L.adoptions[lang]}</h2><ul>${adoptions
          .map((a) => {
            const who = String(a.adopter);
            return `<li>${esc(findParticipant(who)?.acronym ?? who)}: ${word(a.stage, lang)}</li>`;
          })
          .join('')}</ul>`
      : '') +
    (links.length
      ? `<h2>${L.links[lang]}</h2><ul>${links
          .map((l: unknown) =>
            typeof l === 'string'
              ? `<li>${link(l)}</li>`
              : `<li>${link((l as { url?: unknown }).url, (l as { title?: string }).title)}</li>`,
          )
          .join('')}</ul>`
      : '') +
    (contact
      ? `<h2>${L.contact[lang]}</h2><p>${
          typeof contact === 'string'
            ? esc(contact)
            : Object.values(contact as Record<string, unknown>)
                .map((v) => esc(String(v)))
                .join(' · ')
        }</p>`
      : '')
  );
}

const STYLE =
  '.withdrawn{background:#fde8e8;padding:.5rem 1rem}dt{font-weight:600}dd{margin:0 0 .5rem}' +
  'footer{margin-top:2rem;color:#555;font-size:.9rem}.doc a{font-weight:600}';

/** A readable HTML page of an item in `lang` (every value escaped; links http(s) only). */
export function renderItemPage(item: Item, lang: Language, path: string): string {
  const it = item as Record<string, unknown>;
  const kind = String(it.kind);
  const title = pick(it.title, lang) ?? { lang, text: String(it.id) };
  const owner = String(it.participant);
  const themes = (Array.isArray(it.themes) ? it.themes : []).map(
    (t: unknown) => findTheme(String(t))?.labels[lang] ?? String(t),
  );
  const countries = Array.isArray(it.countries) ? it.countries.map(String).join(', ') : '';
  return renderPage({
    lang,
    path,
    title: [title.text],
    kind: (L as Record<string, Texts>)[kind]?.[lang] ?? kind,
    heading: title,
    style: STYLE,
    body:
      (it.status === 'withdrawn' ? `<p class="withdrawn">${L.withdrawn[lang]}</p>` : '') +
      `\n<dl>${row(L.by[lang], esc(findParticipant(owner)?.name ?? owner))}` +
      `${row(L.themes[lang], esc(themes.join(', ')))}${row(L.countries[lang], esc(countries))}</dl>` +
      `\n${text('p', it.summary, lang)}${text('p', it.body, lang)}${details(it, lang)}`,
    footer:
      `${L.updated[lang]}: ${esc(String(it.updatedAt ?? ''))} ` +
      `(${L.version[lang]} ${esc(String(it.version))})`,
  });
}
