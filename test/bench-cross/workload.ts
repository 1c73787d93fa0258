import {
  adoptionIdOf,
  ADOPTION_STAGES,
  EVENT_TYPES,
  eventSubject,
  followUpIdOf,
  FOLLOW_UP_STATUSES,
  narrowForOwner,
  PARTICIPANTS,
  uuid5,
  type NewEvent,
  type PracticeData,
  type Visibility,
} from '@rcpx/contracts';
import { buildEvent } from '@rcpx/ingest';
import { rng } from '@rcpx/testing';
import { practiceBodies } from '../bench/workload.ts';

// The cross-fertilization log: practices, adoptions (some linked into lineages through their
// `localPractice`), meetings with recommendations and follow-up reports, queries and replies —
// events as ingest writes them, deterministic, published raw and projected as the log is.

/** One event and the NATS subject's kind and id it is appended under. */
export interface CrossEvent {
  kind: string;
  id: string;
  event: NewEvent;
}

export interface CrossSizes {
  practices: number;
  adoptions: number;
  meetings: number;
  /** Recommendations per meeting. */
  recommendations: number;
  /** Follow-up reports over all recommendations. */
  reports: number;
  queries: number;
  /** Replies per query (at most the participants but the launcher). */
  replies: number;
  /** Lineage chains (each 2–6 adoptions long, through local practices; part of `adoptions`). */
  chains: number;
}

/** What the reads are measured on: practices with a lineage, the participants. */
export interface CrossLog {
  events: CrossEvent[];
  /** The first practice of each chain (descendants 2–6 deep) and one in its middle. */
  lineageRoots: string[];
  lineageMiddles: string[];
}

const SLUGS = PARTICIPANTS.map((p) => p.slug);
const DAY = 86_400_000;
const dateIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

interface Practice {
  id: string;
  owner: string;
  data: PracticeData;
}

/** The participants that may read (and so adopt) a practice, but its owner. */
function readers(p: Practice): string[] {
  const v: Visibility = p.data.visibility ?? { level: 'public' };
  if (v.level === 'public') return SLUGS.filter((s) => s !== p.owner);
  if (v.level === 'rcps') return v.rcps.filter((s) => s !== p.owner);
  return [];
}

/** The log of `sizes`, in an order ingest could have appended it. */
export function generateCrossLog(sizes: CrossSizes, seed = 11): CrossLog {
  const rnd = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const events: CrossEvent[] = [];
  const add = (
    kind: string,
    id: string,
    participant: string,
    type: string,
    subject: string,
    version: number,
    data: object,
  ) =>
    events.push({
      kind,
      id,
      event: buildEvent({
        participant,
        type,
        subject,
        version,
        data: data as Record<string, unknown>,
      }),
    });

  // practices: every participant's share, visibility drawn as in the main bench
  const perOwner = Math.ceil(sizes.practices / SLUGS.length);
  const bodies = new Map(SLUGS.map((s, i) => [s, practiceBodies(perOwner, s, 100 + i)]));
  const practices: Practice[] = [];
  for (let i = 0; practices.length < sizes.practices; i++) {
    const owner = SLUGS[i % SLUGS.length]!;
    const data = bodies.get(owner)![Math.floor(i / SLUGS.length)]!;
    const id = uuid5(`bench-cross/practice/${i}`);
    practices.push({ id, owner, data });
    add('practice', id, owner, EVENT_TYPES.practiceShared, eventSubject('practice', id), 1, data);
  }
  const byOwner = new Map<string, Practice[]>(SLUGS.map((s) => [s, []]));
  for (const p of practices) byOwner.get(p.owner)!.push(p);
  const adopted = new Set<string>();
  const adopt = (p: Practice, adopter: string, local?: Practice) => {
    const key = `${p.id}/${adopter}`;
    if (adopted.has(key)) return false;
    adopted.add(key);
    const id = adoptionIdOf(p.id, adopter);
    const own: Visibility = p.data.visibility ?? { level: 'public' };
    add(
      'adoption',
      id,
      adopter,
      EVENT_TYPES.practiceAdoptionRecorded,
      `practices/${p.id}/adoptions/${id}`,
      1,
      {
        practice: p.id,
        practiceOwner: p.owner,
        title: p.data.title,
        stage: local ? pick(['adopted', 'adapted'] as const) : pick(ADOPTION_STAGES),
        ...(rnd() < 0.3 ? { note: { en: 'Discussed at the last senior officials meeting.' } } : {}),
        ...(local ? { localPractice: local.id } : {}),
        themes: p.data.themes,
        visibility: narrowForOwner(own, adopter, own, p.owner),
      },
    );
    return true;
  };

  // lineages: a public practice, adopted into the adopter's own public practice, and on
  const publicOf = (owner: string) =>
    byOwner.get(owner)!.filter((p) => (p.data.visibility?.level ?? 'public') === 'public');
  const publicByOwner = new Map(SLUGS.map((s) => [s, publicOf(s)]));
  const lineageRoots: string[] = [];
  const lineageMiddles: string[] = [];
  const owners = SLUGS.filter((s) => publicByOwner.get(s)!.length > 0);
  let count = 0;
  for (let c = 0; c < sizes.chains && count < sizes.adoptions && owners.length > 1; c++) {
    let at = pick(publicByOwner.get(pick(owners))!);
    const chain = [at.id];
    const length = 2 + Math.floor(rnd() * 5);
    for (let d = 0; d < length && count < sizes.adoptions; d++) {
      const next = pick(publicByOwner.get(pick(owners.filter((s) => s !== at.owner)))!);
      if (chain.includes(next.id) || !adopt(at, next.owner, next)) break;
      count++;
      chain.push(next.id);
      at = next;
    }
    if (chain.length > 1) {
      lineageRoots.push(chain[0]!);
      lineageMiddles.push(chain[Math.floor(chain.length / 2)]!);
    }
  }
  // the other adoptions: any practice another participant may read
  while (count < sizes.adoptions) {
    const p = pick(practices);
    const who = readers(p);
    if (who.length > 0 && adopt(p, pick(who))) count++;
  }

  // meetings, each with its recommendations (addressed, due: half of them overdue), reports
  const outcomes: { meeting: string; owner: string; ref: string; addressees: string[] }[] = [];
  const meetingData = new Map<string, { themes: string[]; visibility: Visibility }>();
  for (let m = 0; m < sizes.meetings; m++) {
    const owner = pick(SLUGS);
    const id = uuid5(`bench-cross/meeting/${m}`);
    const themes = [...new Set([pick(practices).data.themes[0]!, pick(practices).data.themes[0]!])];
    const visibility: Visibility =
      rnd() < 0.8 ? { level: 'public' } : { level: 'rcps', rcps: [pick(SLUGS), owner] };
    meetingData.set(id, { themes, visibility });
    const recs = Array.from({ length: sizes.recommendations }, (_, r) => {
      const addressees = [
        ...new Set([pick(SLUGS), pick(SLUGS), pick(SLUGS)].filter((s) => s !== owner)),
      ];
      const ref = `r${r + 1}`;
      outcomes.push({ meeting: id, owner, ref, addressees });
      const due = rnd();
      return {
        ref,
        kind: 'recommendation' as const,
        title: { en: `Recommendation ${r + 1}` },
        text: { en: 'Members designate national focal points for trafficking cases.' },
        ...(addressees.length > 0 ? { addressees } : {}),
        ...(due < 0.5 ? { dueOn: dateIn(-1 - Math.floor(rnd() * 700)) } : {}),
        ...(due >= 0.5 && due < 0.9 ? { dueOn: dateIn(1 + Math.floor(rnd() * 700)) } : {}),
      };
    });
    add('meeting', id, owner, EVENT_TYPES.meetingOutcomeRecorded, eventSubject('meeting', id), 1, {
      meeting: {
        title: { en: `Senior Officials Meeting ${m}` },
        level: 'senior-officials',
        startsOn: dateIn(-800 + (m % 700)),
      },
      outcomes: recs,
      themes,
      visibility,
    });
  }
  const reported = new Map<string, number>();
  for (let r = 0; r < sizes.reports; r++) {
    const o = pick(outcomes);
    const reporter = o.addressees.length > 0 && rnd() < 0.9 ? pick(o.addressees) : o.owner;
    const id = followUpIdOf(o.meeting, o.ref, reporter);
    const version = (reported.get(id) ?? 0) + 1;
    reported.set(id, version);
    const m = meetingData.get(o.meeting)!;
    add(
      'followup',
      id,
      reporter,
      EVENT_TYPES.followUpReported,
      `meetings/${o.meeting}/follow-ups/${id}`,
      version,
      {
        status: pick(FOLLOW_UP_STATUSES),
        text: { en: 'Focal points named in two member states; the others will follow.' },
        meetingId: o.meeting,
        ref: o.ref,
        outcomeKind: 'recommendation',
        outcomeTitle: { en: o.ref },
        themes: m.themes,
        visibility:
          m.visibility.level === 'rcps'
            ? { level: 'rcps', rcps: [...new Set([...m.visibility.rcps, o.owner])] }
            : m.visibility,
      },
    );
  }

  // queries to every other participant, open (deadline ahead), each with its replies
  for (let q = 0; q < sizes.queries; q++) {
    const launcher = pick(SLUGS);
    const id = uuid5(`bench-cross/query/${q}`);
    const addressees = SLUGS.filter((s) => s !== launcher);
    const title = { en: `Reintegration grants: what works? (${q})` };
    const themes = [pick(practices).data.themes[0]!];
    add('query', id, launcher, EVENT_TYPES.queryLaunched, `queries/${id}`, 1, {
      title,
      questions: [
        { ref: 'grants', text: { en: 'Do your members run reintegration grants for returnees?' } },
        { ref: 'evaluation', text: { en: 'Who evaluates them, and how?' } },
      ],
      themes,
      addressees,
      deadline: dateIn(1 + Math.floor(rnd() * 89)),
      visibility: { level: 'public' },
    });
    const repliers = [...addressees].sort(() => rnd() - 0.5).slice(0, sizes.replies);
    for (const participant of repliers) {
      const replyId = uuid5(`${id}/${participant}`);
      add(
        'query',
        id,
        participant,
        EVENT_TYPES.queryReplied,
        `queries/${id}/replies/${replyId}`,
        1,
        {
          query: id,
          title,
          answers: [
            { ref: 'grants', text: { en: 'Yes: in-kind grants through our AVRR programmes.' } },
            {
              ref: 'evaluation',
              text: { en: 'An independent evaluator, two years after return.' },
            },
          ],
          themes,
          visibility:
            rnd() < 0.5 ? { level: 'public' } : { level: 'rcps', rcps: [launcher, participant] },
        },
      );
    }
  }
  return { events, lineageRoots, lineageMiddles };
}
