import { z } from 'zod';
import { CountryCode, HttpUrl, ParticipantSlug, Visibility } from './common.ts';
import { MEMBERSHIP_REGISTRY, type RegistryMembership } from './membership-registry.ts';
import { PARTICIPANTS } from './participants.ts';
import { uuid5 } from './uuid5.ts';

/** A state's role in a process; `none` removes it. */
export const MEMBERSHIP_ROLES = ['member', 'observer', 'none'] as const;
export const MembershipRole = z.enum(MEMBERSHIP_ROLES);
export type MembershipRole = z.infer<typeof MembershipRole>;

/** A date only as precise as its source: `2005`, `2005-04` or `2005-04-14`. */
export const PartialDate = z
  .string()
  .regex(
    /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/,
    'must be a date: YYYY, YYYY-MM or YYYY-MM-DD',
  );

/** Where membership data comes from. */
export const MembershipSource = z
  .object({ name: z.string().trim().min(1).max(300), url: HttpUrl.optional() })
  .strict();
export type MembershipSource = z.infer<typeof MembershipSource>;

/** `org.rcpx.membership.changed`: the admin records a state's role in a process. */
export const MembershipChangedData = z
  .object({
    participant: ParticipantSlug,
    country: CountryCode,
    role: MembershipRole,
    previousRole: MembershipRole,
    asOf: PartialDate.optional(),
    source: MembershipSource.optional(),
    themes: z.array(z.string()).max(0),
    visibility: Visibility,
  })
  .strict();
export type MembershipChangedData = z.infer<typeof MembershipChangedData>;

/** The body of `PUT /v1/participants/{slug}/memberships/{cc}`. */
export const MembershipPut = z
  .object({
    role: z.enum(['member', 'observer']).meta({ description: 'The state’s role in the process' }),
    asOf: PartialDate.optional().meta({
      description: 'When the role holds from or was observed (default: today, UTC)',
      examples: ['2024-06'],
    }),
    source: MembershipSource.optional().meta({
      description: 'Where the change is documented (default: recorded by the rcpx admin)',
    }),
  })
  .strict();
export type MembershipPut = z.infer<typeof MembershipPut>;

/** The optional body of `DELETE /v1/participants/{slug}/memberships/{cc}`. */
export const MembershipDelete = MembershipPut.omit({ role: true });

/** One state's membership as served: its role, since when, and the source. */
export interface MembershipEntry {
  country: string;
  role: 'member' | 'observer';
  asOf: string;
  source: MembershipSource;
  /** The seq of the admin change it comes from; absent for the registry's own data. */
  seq?: number;
}

/** A change read back from the log (the `memberships` read model). */
export interface MembershipOverride {
  participant: string;
  country: string;
  role: MembershipRole;
  asOf: string;
  source: MembershipSource;
  seq: number;
}

const keyOf = (participant: string, country: string) => `${participant}/${country}`;

const registryEntries = (r: RegistryMembership): [string, MembershipEntry][] => [
  ...r.observers.map((country): [string, MembershipEntry] => [
    keyOf(r.participant, country),
    { country, role: 'observer', asOf: r.asOf, source: { ...r.source } },
  ]),
  ...r.members.map((country): [string, MembershipEntry] => [
    keyOf(r.participant, country),
    { country, role: 'member', asOf: r.asOf, source: { ...r.source } },
  ]),
];

const REGISTRY: ReadonlyMap<string, MembershipEntry> = new Map(
  MEMBERSHIP_REGISTRY.flatMap(registryEntries),
);

/** The registry's role of a state in a process (before any admin change). */
export function registryRole(participant: string, country: string): MembershipRole {
  return REGISTRY.get(keyOf(participant, country))?.role ?? 'none';
}

/**
 * The effective memberships: the registry with the admin changes of the log over it (the latest
 * change per process and state wins, by seq). Pure; `apply` is idempotent.
 */
export class Memberships {
  readonly #overrides = new Map<string, MembershipOverride>();
  #entries: Map<string, MembershipEntry> | undefined;

  constructor(overrides: Iterable<MembershipOverride> = []) {
    for (const o of overrides) this.apply(o);
  }

  /** Applies a change unless a later one (by seq) is already in; true when it was applied. */
  apply(o: MembershipOverride): boolean {
    const key = keyOf(o.participant, o.country);
    const prior = this.#overrides.get(key);
    if (prior && prior.seq >= o.seq) return false;
    this.#overrides.set(key, o);
    this.#entries = undefined;
    return true;
  }

  /** The seq of the latest change applied (0 when none). */
  get seq(): number {
    let max = 0;
    for (const o of this.#overrides.values()) max = Math.max(max, o.seq);
    return max;
  }

  #all(): Map<string, MembershipEntry> {
    if (this.#entries) return this.#entries;
    const all = new Map(REGISTRY);
    for (const [key, o] of this.#overrides) {
      if (o.role === 'none') all.delete(key);
      else
        all.set(key, {
          country: o.country,
          role: o.role,
          asOf: o.asOf,
          source: o.source,
          seq: o.seq,
        });
    }
    this.#entries = all;
    return all;
  }

  /** The role of `country` in `participant` (`none` when it has none). */
  roleOf(participant: string, country: string): MembershipRole {
    return this.#all().get(keyOf(participant, country))?.role ?? 'none';
  }

  /** True when `participant` has any of `countries` as a member (observers do not count). */
  hasMemberIn(participant: string, countries: readonly string[]): boolean {
    for (const c of countries) if (this.roleOf(participant, c) === 'member') return true;
    return false;
  }

  /** The states of a process, by role, sorted by code. */
  of(participant: string): { members: MembershipEntry[]; observers: MembershipEntry[] } {
    const members: MembershipEntry[] = [];
    const observers: MembershipEntry[] = [];
    const prefix = `${participant}/`;
    for (const [key, e] of this.#all()) {
      if (!key.startsWith(prefix)) continue;
      (e.role === 'member' ? members : observers).push(e);
    }
    const byCode = (a: MembershipEntry, b: MembershipEntry) => a.country.localeCompare(b.country);
    return { members: members.sort(byCode), observers: observers.sort(byCode) };
  }

  /** Every process `country` is a member or observer of, by participant slug. */
  processesOf(country: string): (MembershipEntry & { participant: string })[] {
    const out: (MembershipEntry & { participant: string })[] = [];
    for (const [key, e] of this.#all()) {
      if (e.country !== country) continue;
      out.push({ participant: key.slice(0, key.lastIndexOf('/')), ...e });
    }
    return out.sort((a, b) => a.participant.localeCompare(b.participant));
  }

  /** The processes with any of `countries` as a member (what `memberState` selects). */
  processesWithMembers(countries: readonly string[]): string[] {
    const out = new Set<string>();
    for (const [key, e] of this.#all()) {
      if (e.role === 'member' && countries.includes(e.country)) {
        out.add(key.slice(0, key.lastIndexOf('/')));
      }
    }
    return [...out].sort();
  }
}

/** The participants that have member states: the processes (RCPs) of the registry. */
export const MEMBERSHIP_PARTICIPANTS: readonly string[] = PARTICIPANTS.filter(
  (p) => p.kind === 'rcp',
).map((p) => p.slug);

/** The aggregate id of a process/state pair: one membership aggregate per pair (uuid v5). */
export function membershipIdOf(participant: string, country: string): string {
  return uuid5(`${participant}/${country}`);
}

const Role = z.enum(['member', 'observer']);

/** A state of a process as served. */
export const MembershipEntrySchema = z.object({
  country: z.string().meta({ examples: ['TH'] }),
  role: Role,
  asOf: z.string().meta({ description: 'When the data holds (as precise as its source)' }),
  source: MembershipSource,
  seq: z
    .number()
    .int()
    .optional()
    .meta({ description: 'The seq of the admin change it comes from (absent: the registry)' }),
});

/** What `GET /v1/participants/{slug}` adds: the process's states. */
export const ParticipantMemberships = {
  members: z.array(MembershipEntrySchema).meta({ description: 'Member states' }),
  observers: z.array(MembershipEntrySchema).meta({ description: 'Observer states' }),
  registry: z
    .object({ asOf: z.string(), source: MembershipSource, note: z.string() })
    .nullable()
    .meta({ description: 'Where the registry’s own data for this process comes from' }),
};

/** `GET /v1/countries/{cc}`: the processes a state belongs to. */
export const CountryMemberships = z.object({
  country: z.string(),
  processes: z.array(
    MembershipEntrySchema.omit({ country: true }).extend({ participant: z.string() }),
  ),
});
export type CountryMemberships = z.infer<typeof CountryMemberships>;

/** `GET /v1/participants/{slug}/overlap`: every other process and the states both have. */
export const MembershipOverlap = z.object({
  participant: z.string(),
  overlaps: z.array(
    z.object({
      participant: z.string(),
      n: z.number().int().meta({ description: 'How many states they share' }),
      shared: z.array(
        z.object({
          country: z.string(),
          role: Role.meta({ description: 'Its role in this process' }),
          otherRole: Role.meta({ description: 'Its role in the other process' }),
        }),
      ),
    }),
  ),
});
export type MembershipOverlap = z.infer<typeof MembershipOverlap>;

/** The overlap of `participant` with every other process of `memberships`, most shared first. */
export function overlapOf(memberships: Memberships, participant: string): MembershipOverlap {
  const mine = memberships.of(participant);
  const here = new Map([...mine.members, ...mine.observers].map((e) => [e.country, e.role]));
  const overlaps = MEMBERSHIP_PARTICIPANTS.filter((p) => p !== participant).map((other) => {
    const theirs = memberships.of(other);
    const shared = [...theirs.members, ...theirs.observers]
      .filter((e) => here.has(e.country))
      .map((e) => ({ country: e.country, role: here.get(e.country)!, otherRole: e.role }))
      .sort((a, b) => a.country.localeCompare(b.country));
    return { participant: other, n: shared.length, shared };
  });
  overlaps.sort((a, b) => b.n - a.n || a.participant.localeCompare(b.participant));
  return { participant, overlaps };
}

/** The source of an admin change that named none. */
export const ADMIN_MEMBERSHIP_SOURCE: MembershipSource = Object.freeze({
  name: 'Recorded by the rcpx admin',
});

/** A `membership.changed` as a change over the registry (`asOf` defaults to the event's date). */
export function overrideOf(
  d: MembershipChangedData,
  seq: number,
  time: string,
): MembershipOverride {
  return {
    participant: d.participant,
    country: d.country,
    role: d.role,
    asOf: d.asOf ?? time.slice(0, 10),
    source: d.source ?? { ...ADMIN_MEMBERSHIP_SOURCE },
    seq,
  };
}
