import {
  EVENT_TYPES,
  PARTICIPANTS,
  THEMES,
  type ItemKind,
  type MeetingData,
  type NewEvent,
  type PracticeData,
  type PublicationData,
  eventSubject,
  type Visibility,
} from '@rcpx/contracts';
import { buildEvent } from '@rcpx/ingest';
import { rng } from '@rcpx/testing';

// Realistic, deterministic workloads: practices shared, revised and withdrawn, meeting outcomes
// and publications by the registered participants, in en/fr/es, over the real theme taxonomy.

/** One event of the backlog and the aggregate it belongs to. */
export interface BacklogEvent {
  kind: ItemKind;
  id: string;
  event: NewEvent;
  /** True for the first event of its aggregate (appended with expected last subject seq 0). */
  creates: boolean;
}

/** A deterministic uuid v4 from the PRNG (the log's ids are uuids). */
function uuid(rnd: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rnd() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(rnd() * 4)]!;
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const SLUGS = PARTICIPANTS.map((p) => p.slug);
const THEME_SLUGS = THEMES.map((t) => t.slug);
const COUNTRIES = ['LK', 'NP', 'PH', 'ID', 'AU', 'MX', 'GT', 'PE', 'MA', 'TN', 'ZA', 'HU', 'AE'];

const TITLES = [
  {
    en: 'Pre-departure orientation for domestic workers',
    fr: 'Orientation avant le départ pour les travailleuses domestiques',
    es: 'Orientación previa a la partida para trabajadoras domésticas',
  },
  {
    en: 'Joint border screening of smuggling networks',
    fr: 'Contrôle conjoint aux frontières des réseaux de passeurs',
  },
  { es: 'Ventanilla única para la regularización migratoria', en: 'One-stop regularization desk' },
  { fr: 'Portabilité des droits à pension des travailleurs migrants' },
];
const SUMMARIES = [
  {
    en: 'Mandatory courses on labour rights, remittances and safe return, run with recruiters.',
    es: 'Cursos obligatorios sobre derechos laborales, remesas y retorno seguro.',
  },
  {
    en: 'Bilateral teams identify victims of trafficking at sea ports and refer them to shelters.',
    fr: 'Des équipes bilatérales identifient les victimes de la traite dans les ports.',
  },
  { fr: 'Un accord type permet de cumuler les périodes de cotisation dans les deux pays.' },
];

/** Picks, themes, visibility and practice data drawn from one PRNG. */
function drawer(rnd: () => number) {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const themes = () => [...new Set([pick(THEME_SLUGS), pick(THEME_SLUGS), pick(THEME_SLUGS)])];
  const visibility = (owner: string): Visibility => {
    const r = rnd();
    if (r < 0.6) return { level: 'public' };
    if (r < 0.8) return { level: 'members' };
    return { level: 'rcps', rcps: [pick(SLUGS.filter((p) => p !== owner))] };
  };
  const practice = (owner: string, n: number): PracticeData => {
    const title = pick(TITLES);
    return {
      title: Object.fromEntries(Object.entries(title).map(([l, t]) => [l, `${t} (${n})`])),
      summary: pick(SUMMARIES),
      body: {
        en: 'Officers from both countries interview passengers together; cases are followed up jointly.',
      },
      themes: themes(),
      visibility: visibility(owner),
      countries: [pick(COUNTRIES), pick(COUNTRIES)].filter((c, i, a) => a.indexOf(c) === i),
      links: [{ url: `https://www.example.org/practices/${n}`, title: 'Programme page' }],
      contact: { name: 'Technical Support Unit', organisation: owner },
    };
  };
  return { pick, themes, visibility, practice };
}

/** `n` distinct `POST /v1/practices` bodies of `owner` (visibility drawn as in the backlog). */
export function practiceBodies(n: number, owner: string, seed = 7): PracticeData[] {
  const d = drawer(rng(seed));
  return Array.from({ length: n }, (_, i) => d.practice(owner, i));
}

const meeting = (d: ReturnType<typeof drawer>, owner: string): MeetingData => ({
  meeting: {
    title: {
      en: 'Ministerial Consultation',
      fr: 'Consultation ministérielle',
      es: 'Consulta ministerial',
    },
    level: d.pick(['ministerial', 'senior-officials', 'technical-workshop'] as const),
    startsOn: '2026-02-10',
    hostCountry: d.pick(COUNTRIES),
    venue: 'Colombo',
  },
  outcomes: [
    {
      kind: 'declaration',
      title: { en: 'Declaration on fair recruitment', es: 'Declaración sobre contratación' },
      text: { en: 'Members commit to fair recruitment.', es: 'Los miembros se comprometen.' },
    },
    { kind: 'action-plan', text: 'Skills recognition pilot in three corridors' },
  ],
  summary: { fr: 'Engagements sur le recrutement équitable.' },
  themes: d.themes(),
  visibility: d.visibility(owner),
});

const publication = (d: ReturnType<typeof drawer>, owner: string, n: number): PublicationData => ({
  title: {
    en: 'Model law on trafficking in persons',
    fr: 'Loi type sur la traite des personnes',
    es: 'Ley modelo sobre la trata de personas',
  },
  summary: { en: 'A template for national legislation.' },
  kind: d.pick(['research', 'model-legislation', 'training', 'report'] as const),
  url: `https://www.example.org/publications/${n}.pdf`,
  languages: ['en', 'fr', 'es'],
  publishedOn: '2026-01-15',
  themes: d.themes(),
  visibility: d.visibility(owner),
});

/**
 * A realistic log of `n` events: 40 % practices shared, 30 % revised (full new state, themes
 * and visibility move), 10 % withdrawn, 10 % meeting outcomes, 10 % publications. Versions
 * follow each aggregate; order within an aggregate is the array order.
 */
export function generateBacklog(n: number, seed = 1): BacklogEvent[] {
  const rnd = rng(seed);
  const d = drawer(rnd);
  const open: { id: string; participant: string; version: number; data: PracticeData }[] = [];
  const out: BacklogEvent[] = [];
  const add = (
    kind: ItemKind,
    id: string,
    participant: string,
    type: string,
    version: number,
    data: object,
  ) =>
    out.push({
      kind,
      id,
      creates: version === 1,
      event: buildEvent({
        participant,
        type,
        subject: eventSubject(kind, id),
        version,
        data: data as Record<string, unknown>,
      }),
    });
  for (let i = 0; out.length < n; i++) {
    const r = rnd();
    if (r < 0.4 || open.length === 0) {
      const participant = d.pick(SLUGS);
      const data = d.practice(participant, i);
      const id = uuid(rnd);
      open.push({ id, participant, version: 1, data });
      add('practice', id, participant, EVENT_TYPES.practiceShared, 1, data);
    } else if (r < 0.7) {
      const p = d.pick(open);
      p.version++;
      p.data = {
        ...p.data,
        summary: { en: `Revision ${p.version}: scaled up to two more corridors.` },
        themes: d.themes(),
        visibility: d.visibility(p.participant),
      };
      const changed = ['summary', 'themes', 'visibility'];
      add('practice', p.id, p.participant, EVENT_TYPES.practiceRevised, p.version, {
        ...p.data,
        changed,
      });
    } else if (r < 0.8) {
      const [p] = open.splice(Math.floor(rnd() * open.length), 1);
      const { title, themes, visibility } = p!.data;
      add('practice', p!.id, p!.participant, EVENT_TYPES.practiceWithdrawn, p!.version + 1, {
        title,
        themes,
        visibility,
        reason: 'superseded by a regional programme',
      });
    } else if (r < 0.9) {
      const participant = d.pick(SLUGS);
      add(
        'meeting',
        uuid(rnd),
        participant,
        EVENT_TYPES.meetingOutcomeRecorded,
        1,
        meeting(d, participant),
      );
    } else {
      const participant = d.pick(SLUGS);
      add(
        'publication',
        uuid(rnd),
        participant,
        EVENT_TYPES.publicationReleased,
        1,
        publication(d, participant, i),
      );
    }
  }
  return out;
}
