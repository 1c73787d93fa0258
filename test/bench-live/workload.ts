import { randomUUID } from 'node:crypto';
import { PARTICIPANTS, THEMES, eventSubject, sourceOf } from '@rcpx/contracts';
import type { NewEvent } from '@rcpx/contracts';
import { rng } from '@rcpx/testing';

// The live benchmark's workload, the same in every process: the clients' theme filters and the
// events (each a new practice with 1–2 themes, public), both from a seeded generator.

export const THEME_SLUGS: readonly string[] = THEMES.map((t) => t.slug);
const SLUGS = PARTICIPANTS.map((p) => p.slug);
const COUNTRIES = ['MX', 'GT', 'SV', 'HN', 'CR', 'PA', 'CO', 'PE', 'EC', 'BO', 'TH', 'ID', 'LK'];

/** `count` distinct items of `from`, picked with `rand`. */
function pick<T>(from: readonly T[], count: number, rand: () => number): T[] {
  const pool = [...from];
  const out: T[] = [];
  while (out.length < count && pool.length > 0) {
    out.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]!);
  }
  return out;
}

/** The theme filter of each client: 1–3 distinct themes of the 24. */
export function clientFilters(clients: number, seed = 42): string[][] {
  const rand = rng(seed);
  return Array.from({ length: clients }, () => pick(THEME_SLUGS, 1 + Math.floor(rand() * 3), rand));
}

/** The themes of event `i`: 1–2 distinct themes. */
export function eventThemes(i: number): string[] {
  const rand = rng(0x9e3779b9 ^ i);
  return pick(THEME_SLUGS, 1 + Math.floor(rand() * 2), rand);
}

/** Event `i` as published (a practice.shared of about 700 bytes of JSON), with a fresh id. */
export function benchEvent(i: number): { id: string; event: NewEvent } {
  const rand = rng(0x85ebca6b ^ i);
  const id = randomUUID();
  const participant = SLUGS[Math.floor(rand() * SLUGS.length)]!;
  const themes = eventThemes(i);
  const event: NewEvent = {
    specversion: '1.0',
    id: randomUUID(),
    source: sourceOf(participant),
    type: 'org.rcpx.practice.shared',
    subject: eventSubject('practice', id),
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    rcpxversion: 1,
    data: {
      title: {
        en: `Joint labour-mobility pilot no. ${i}: pre-departure orientation for workers`,
        fr: `Projet pilote conjoint de mobilité no ${i} : orientation avant le départ`,
        es: `Piloto conjunto de movilidad laboral n.º ${i}: orientación previa a la salida`,
      },
      summary: {
        en:
          'Two member states run shared pre-departure sessions, a joint hotline and a common ' +
          'complaint mechanism for seasonal workers; the secretariat tracked outcomes for a year.',
      },
      themes,
      visibility: { level: 'public' },
      countries: pick(COUNTRIES, 2, rand),
    },
  };
  return { id, event };
}

/**
 * Counts, for an event's themes, how many clients follow any of them — the deliveries the event
 * makes (every event is public and every client anonymous).
 */
export class Fanout {
  readonly #byTheme = new Map<string, Set<number>>();

  constructor(filters: readonly (readonly string[])[]) {
    filters.forEach((themes, client) => {
      for (const t of themes) {
        let set = this.#byTheme.get(t);
        if (!set) this.#byTheme.set(t, (set = new Set()));
        set.add(client);
      }
    });
  }

  of(themes: readonly string[]): number {
    if (themes.length === 1) return this.#byTheme.get(themes[0]!)?.size ?? 0;
    const union = new Set<number>();
    for (const t of themes) for (const c of this.#byTheme.get(t) ?? []) union.add(c);
    return union.size;
  }

  /** The mean deliveries per event over the first `n` events. */
  mean(n = 20_000): number {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += this.of(eventThemes(i));
    return sum / n;
  }
}
