import { rng } from '@rcpx/testing';
import { randomUUID } from 'node:crypto';
import {
  EVENT_TYPES,
  eventSubject,
  natsSubject,
  parseEventSubject,
  sourceOf,
  type ItemKind,
  type MeetingData,
  type NewEvent,
  type PracticeData,
  type PracticeWithdrawnData,
  type PublicationData,
  type Visibility,
} from '@rcpx/contracts';
import { append, subjectFor, type Bus } from '@rcpx/bus';
import { decode, type LogEntry, type ProjectedEvent } from './decode.ts';

// Realistic events for tests: practices of the Bali and Colombo Processes, meetings and
// publications in en/fr/es. Deterministic when given a seed.

const T0 = Date.parse('2026-03-02T09:00:00Z');

interface Meta {
  participant: string;
  id?: string;
  version?: number;
  /** Minutes after 2026-03-02T09:00Z. */
  minute?: number;
  eventId?: string;
}

function envelope(kind: ItemKind, type: string, meta: Meta, data: object): NewEvent {
  const id = meta.id ?? randomUUID();
  return {
    specversion: '1.0',
    id: meta.eventId ?? randomUUID(),
    source: sourceOf(meta.participant),
    type,
    subject: eventSubject(kind, id),
    time: new Date(T0 + (meta.minute ?? 0) * 60_000).toISOString(),
    datacontenttype: 'application/json',
    rcpxversion: meta.version ?? 1,
    data: data as Record<string, unknown>,
  };
}

/** The item id of an event (its subject's last segment). */
export const idOf = (e: NewEvent): string => e.subject.slice(e.subject.lastIndexOf('/') + 1);

/**
 * The kind in the NATS subject a publisher would append an event to: its subject's kind, or for
 * a collection this build does not know its singular (`requests` → `request`).
 */
const kindOnBus = (e: NewEvent): string => {
  const parts = parseEventSubject(e.subject);
  return parts ? (parts.kind ?? parts.collection.replace(/s$/, '')) : 'unknown';
};

export const baliPractice = (): PracticeData => ({
  title: {
    en: 'Joint border screening of smuggling networks',
    fr: 'Contrôle conjoint aux frontières des réseaux de passeurs',
  },
  summary: {
    en: 'Bilateral teams identify victims of trafficking at sea ports.',
    fr: 'Des équipes bilatérales identifient les victimes de la traite dans les ports.',
  },
  body: { en: 'Officers from both countries interview passengers together.' },
  themes: ['trafficking', 'border-management'],
  visibility: { level: 'public' },
  countries: ['ID', 'AU'],
  links: [{ url: 'https://www.baliprocess.net/', title: 'Regional Support Office' }],
  contact: { name: 'Ana Wijaya', organisation: 'Regional Support Office' },
});

export const colomboPractice = (): PracticeData => ({
  title: {
    en: 'Pre-departure orientation for domestic workers',
    es: 'Orientación previa a la partida para trabajadoras domésticas',
  },
  summary: { es: 'Cursos obligatorios sobre derechos laborales y remesas.' },
  themes: ['labour-migration', 'remittances', 'gender'],
  visibility: { level: 'rcps', rcps: ['bali-process', 'apc'] },
  countries: ['LK', 'NP', 'PH'],
  contact: 'Colombo Process Technical Support Unit',
});

export const meetingData = (): MeetingData => ({
  meeting: {
    title: {
      en: 'Sixth Ministerial Consultation',
      fr: 'Sixième consultation ministérielle',
      es: 'Sexta consulta ministerial',
    },
    level: 'ministerial',
    startsOn: '2026-02-10',
    hostCountry: 'LK',
    venue: 'Colombo',
  },
  outcomes: [
    {
      kind: 'declaration',
      title: { en: 'Colombo Declaration', es: 'Declaración de Colombo' },
      text: {
        en: 'Members commit to fair recruitment.',
        es: 'Los miembros se comprometen a una contratación equitativa.',
      },
    },
    { kind: 'action-plan', text: 'Skills recognition pilot in three corridors' },
  ],
  summary: { fr: 'Engagements sur le recrutement équitable.' },
  themes: ['labour-migration'],
  visibility: { level: 'public' },
});

export const publicationData = (): PublicationData => ({
  title: {
    en: 'Model law on trafficking in persons',
    fr: 'Loi type sur la traite des personnes',
    es: 'Ley modelo sobre la trata de personas',
  },
  summary: { en: 'A template for national legislation.' },
  kind: 'model-legislation',
  url: 'https://www.example.org/model-law.pdf',
  languages: ['en', 'fr', 'es'],
  publishedOn: '2026-01-15',
  themes: ['trafficking', 'legislation'],
  visibility: { level: 'members' },
});

export const practiceShared = (meta: Meta, data: PracticeData = baliPractice()): NewEvent =>
  envelope('practice', EVENT_TYPES.practiceShared, meta, data);

export const practiceRevised = (
  meta: Meta & { id: string; version: number },
  data: PracticeData,
  changed: string[] = ['title'],
): NewEvent => envelope('practice', EVENT_TYPES.practiceRevised, meta, { ...data, changed });

export const practiceWithdrawn = (
  meta: Meta & { id: string; version: number },
  data: PracticeWithdrawnData,
): NewEvent => envelope('practice', EVENT_TYPES.practiceWithdrawn, meta, data);

export const meetingRecorded = (meta: Meta, data: MeetingData = meetingData()): NewEvent =>
  envelope('meeting', EVENT_TYPES.meetingOutcomeRecorded, meta, data);

export const publicationReleased = (
  meta: Meta,
  data: PublicationData = publicationData(),
): NewEvent => envelope('publication', EVENT_TYPES.publicationReleased, meta, data);

/** `<kind>.revised` of a meeting or publication: the full new state and `changed`. */
export const itemRevised = (
  kind: 'meeting' | 'publication',
  meta: Meta & { id: string; version: number },
  data: MeetingData | PublicationData,
  changed: string[],
): NewEvent => envelope(kind, `org.rcpx.${kind}.revised`, meta, { ...data, changed });

/** `<kind>.withdrawn` of a meeting or publication. */
export const itemWithdrawn = (
  kind: 'meeting' | 'publication',
  meta: Meta & { id: string; version: number },
  data: PracticeWithdrawnData,
): NewEvent => envelope(kind, `org.rcpx.${kind}.withdrawn`, meta, data);

/** A log entry (seq assigned) as the bus would deliver it. */
export const entry = (event: NewEvent, seq: number): LogEntry => {
  const stored = { ...event, rcpxseq: seq };
  return {
    seq,
    subject: natsSubject('rcpx', kindOnBus(event), idOf(event)),
    event: stored,
    json: JSON.stringify(stored),
  };
};

/** `events` decoded with seqs 1, 2, …; throws on an invalid one. */
export function projected(events: readonly NewEvent[], firstSeq = 1): ProjectedEvent[] {
  return events.map((e, i) => {
    const d = decode(entry(e, firstSeq + i));
    if (!d.ok) throw new Error(`fixture ${i} invalid: ${d.reason}`);
    return d.event;
  });
}

const THEMES = [
  'labour-migration',
  'trafficking',
  'border-management',
  'irregular-migration',
  'integration',
  'health',
  'gender',
  'remittances',
  'diaspora',
  'displacement',
];
const PARTICIPANTS = ['bali-process', 'colombo-process', 'apc', 'igc', 'iom'];

/**
 * A realistic log of `n` events: practices shared, revised (themes and visibility move) and
 * withdrawn, meetings and publications, by several participants. Versions follow each item.
 */
export function generateLog(n: number, seed = 1): NewEvent[] {
  const rnd = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const themes = () => [...new Set([pick(THEMES), pick(THEMES), pick(THEMES)])];
  const visibility = (owner: string): Visibility => {
    const r = rnd();
    if (r < 0.6) return { level: 'public' };
    if (r < 0.8) return { level: 'members' };
    return { level: 'rcps', rcps: [pick(PARTICIPANTS.filter((p) => p !== owner))] };
  };
  const open: { id: string; participant: string; version: number; data: PracticeData }[] = [];
  const out: NewEvent[] = [];
  for (let i = 0; out.length < n; i++) {
    const r = rnd();
    const minute = i;
    if (r < 0.4 || open.length === 0) {
      const participant = pick(PARTICIPANTS);
      const base = rnd() < 0.5 ? baliPractice() : colomboPractice();
      const data: PracticeData = {
        ...base,
        title: { ...base.title, en: `Practice ${i}: ${base.title.en ?? 'migration'}` },
        themes: themes(),
        visibility: visibility(participant),
      };
      const e = practiceShared({ participant, minute }, data);
      open.push({ id: idOf(e), participant, version: 1, data });
      out.push(e);
    } else if (r < 0.7) {
      const p = pick(open);
      p.version++;
      p.data = {
        ...p.data,
        summary: { en: `Revision ${p.version} of practice ${p.id.slice(0, 8)}` },
        themes: themes(),
        visibility: visibility(p.participant),
      };
      out.push(
        practiceRevised(
          { participant: p.participant, id: p.id, version: p.version, minute },
          p.data,
          ['summary', 'themes', 'visibility'],
        ),
      );
    } else if (r < 0.8) {
      const k = Math.floor(rnd() * open.length);
      const [p] = open.splice(k, 1);
      out.push(
        practiceWithdrawn(
          { participant: p!.participant, id: p!.id, version: p!.version + 1, minute },
          {
            title: p!.data.title,
            themes: p!.data.themes,
            visibility: p!.data.visibility,
            reason: 'superseded',
          },
        ),
      );
    } else if (r < 0.9) {
      const participant = pick(PARTICIPANTS);
      out.push(
        meetingRecorded(
          { participant, minute },
          { ...meetingData(), themes: themes(), visibility: visibility(participant) },
        ),
      );
    } else {
      const participant = pick(PARTICIPANTS);
      out.push(
        publicationReleased(
          { participant, minute },
          { ...publicationData(), themes: themes(), visibility: visibility(participant) },
        ),
      );
    }
  }
  return out;
}

/** Appends `events` to the log in order; returns the last seq. */
export async function appendAll(
  bus: Bus,
  events: readonly NewEvent[],
  concurrency = 64,
): Promise<number> {
  let last = 0;
  // in order per item is what matters; publish in windows whose items are distinct
  for (let i = 0; i < events.length;) {
    const window: NewEvent[] = [];
    const ids = new Set<string>();
    while (i < events.length && window.length < concurrency && !ids.has(idOf(events[i]!))) {
      ids.add(idOf(events[i]!));
      window.push(events[i++]!);
    }
    const acks = await Promise.all(
      window.map((e) => {
        return append(bus, subjectFor(bus, kindOnBus(e), idOf(e)), e);
      }),
    );
    for (const a of acks) last = Math.max(last, a.seq);
  }
  return last;
}
