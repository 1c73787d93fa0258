import type { Kysely } from 'kysely';
import {
  EVENT_TYPES,
  MembershipChangedData,
  Memberships,
  overrideOf,
  type CloudEvent,
  type MemberLookup,
  type MembershipOverride,
} from '@rcpx/contracts';
import { loadMembershipOverrides, type Database } from '@rcpx/db';

/** Default period of the reload from the read models. */
export const MEMBERSHIP_REFRESH_MS = 30_000;

/** What the cache logs. */
export interface CacheLogger {
  warn(obj: object, msg?: string): void;
}

/**
 * The current memberships in memory, for the paths that match `memberState` without a query
 * (live feeds, webhooks). Loaded from the read models at `start`, reloaded every `refreshMs`,
 * and updated at once by every `org.rcpx.membership.changed` the process sees in the log
 * (`observe`): a change applies to the events after it in the stream, and within one refresh
 * period on a process that did not see it. The latest change per process and state wins (by
 * seq), whichever way it arrived.
 */
export class MembershipCache implements MemberLookup {
  #memberships = new Memberships();
  /** Changes seen in the log, kept so a reload of older read models does not undo them. */
  readonly #observed = new Map<string, MembershipOverride>();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly schema: string,
    private readonly opts: { refreshMs?: number; logger?: CacheLogger } = {},
  ) {}

  /** Loads once, then reloads every `refreshMs` (a failed reload keeps what it has). */
  async start(): Promise<this> {
    await this.refresh().catch((err: unknown) =>
      this.opts.logger?.warn({ err }, 'memberships: load failed; the registry alone for now'),
    );
    this.#timer = setInterval(() => {
      this.refresh().catch((err: unknown) =>
        this.opts.logger?.warn({ err }, 'memberships: reload failed'),
      );
    }, this.opts.refreshMs ?? MEMBERSHIP_REFRESH_MS);
    this.#timer.unref();
    return this;
  }

  /** Reloads from the read models (the changes observed since are kept over them). */
  async refresh(): Promise<void> {
    const next = new Memberships(await loadMembershipOverrides(this.db, this.schema));
    for (const o of this.#observed.values()) next.apply(o);
    for (const [key, o] of this.#observed) if (o.seq <= next.seq) this.#observed.delete(key);
    this.#memberships = next;
  }

  /** Applies a `membership.changed` event of the log; other events are ignored. */
  observe(event: Pick<CloudEvent, 'type' | 'data' | 'rcpxseq' | 'time'>): void {
    if (event.type !== EVENT_TYPES.membershipChanged) return;
    const parsed = MembershipChangedData.safeParse(event.data);
    if (!parsed.success) return;
    const o = overrideOf(parsed.data, event.rcpxseq, event.time);
    if (this.#memberships.apply(o)) this.#observed.set(`${o.participant}/${o.country}`, o);
  }

  hasMemberIn(participant: string, countries: readonly string[]): boolean {
    return this.#memberships.hasMemberIn(participant, countries);
  }

  /** The current memberships (read-only use). */
  get current(): Memberships {
    return this.#memberships;
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
