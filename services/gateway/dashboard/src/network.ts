import type { QuerySummary } from '@rcpx/client';
import type { FollowUpSummaryItem } from '@rcpx/contracts';
import type { Api } from './api.ts';
import type { FlowRow } from './flows-layout.ts';
import type { Panel } from './network-view.ts';

// The network panels' data (no DOM): read at start, then read again when a live event that may
// change a panel arrives (with `minSeq` = its seq, so the read includes it), and periodically.

export type PanelName = 'flows' | 'queries' | 'followUps';

/** The reads behind the panels (the caller's token applies to each). */
export interface NetworkLoaders {
  flows(minSeq?: number): Promise<FlowRow[]>;
  queries(minSeq?: number): Promise<QuerySummary[]>;
  followUps(minSeq?: number): Promise<FollowUpSummaryItem[]>;
}

/** An event of the log, as far as the panels care. */
interface EventLike {
  type: string;
  rcpxseq: number;
  data?: unknown;
}

/** The panels an event may change. */
export function panelsOf(event: EventLike): PanelName[] {
  const t = event.type;
  const out: PanelName[] = [];
  const changed = (event.data as { changed?: unknown } | null | undefined)?.changed;
  const audienceMoved = !Array.isArray(changed) || changed.includes('visibility');
  // an adoption is read under its practice's current audience: withdrawing or narrowing the
  // practice takes its adoptions out of the flows
  if (
    t === 'org.rcpx.practice.adoption.recorded' ||
    t === 'org.rcpx.practice.withdrawn' ||
    (t === 'org.rcpx.practice.revised' && audienceMoved)
  ) {
    out.push('flows');
  }
  if (t.startsWith('org.rcpx.query.')) out.push('queries');
  // a meeting's outcomes are what follow-ups are tracked against
  if (t === 'org.rcpx.followup.reported' || t.startsWith('org.rcpx.meeting.')) {
    out.push('followUps');
  }
  return out;
}

/** The loaders of the dashboard's API: one read a panel (follow-ups: every participant at once). */
export function networkLoaders(api: Api): NetworkLoaders {
  return {
    flows: async (minSeq) => (await api.flows(minSeq)).body,
    queries: async (minSeq) => (await api.openQueries(minSeq)).body.items,
    followUps: async (minSeq) => (await api.followUps(minSeq)).body.items,
  };
}

/** The three panels' data, kept up to date by `request` (debounced, one read at a time each). */
export class NetworkPanels {
  flows: Panel<FlowRow[]> = { data: null, failed: false };
  queries: Panel<QuerySummary[]> = { data: null, failed: false };
  followUps: Panel<FollowUpSummaryItem[]> = { data: null, failed: false };
  /** The least seq each wanted read must include (0: any). */
  readonly #wanted = new Map<PanelName, number>();
  readonly #running = new Set<PanelName>();
  readonly #timers = new Map<PanelName, ReturnType<typeof setTimeout>>();

  constructor(
    readonly loaders: NetworkLoaders,
    readonly onChange: () => void,
    readonly debounceMs = 150,
    readonly retryMs = 3_000,
  ) {}

  /** Reads every panel again (at start and periodically). */
  refreshAll(minSeq = 0): void {
    for (const name of ['flows', 'queries', 'followUps'] as const) this.request(name, minSeq);
  }

  /** A live event: reads again the panels it may change, at least up to its seq. */
  onEvent(event: EventLike): void {
    for (const name of panelsOf(event)) this.request(name, event.rcpxseq);
  }

  /** Asks for a read of `name` that includes `minSeq` (reads asked together are made once). */
  request(name: PanelName, minSeq = 0, delayMs = this.debounceMs): void {
    this.#wanted.set(name, Math.max(this.#wanted.get(name) ?? 0, minSeq));
    if (this.#running.has(name) || this.#timers.has(name)) return;
    this.#timers.set(
      name,
      setTimeout(() => {
        this.#timers.delete(name);
        void this.#run(name);
      }, delayMs),
    );
  }

  async #run(name: PanelName): Promise<void> {
    this.#running.add(name);
    try {
      while (this.#wanted.has(name)) {
        const minSeq = this.#wanted.get(name)!;
        this.#wanted.delete(name);
        try {
          await this.#load(name, minSeq > 0 ? minSeq : undefined);
        } catch {
          this[name] = { data: this[name].data, failed: true } as never;
          this.onChange();
          this.#running.delete(name);
          this.request(name, minSeq, this.retryMs);
          return;
        }
        this.onChange();
      }
    } finally {
      this.#running.delete(name);
    }
  }

  async #load(name: PanelName, minSeq: number | undefined): Promise<void> {
    if (name === 'flows') this.flows = { data: await this.loaders.flows(minSeq), failed: false };
    else if (name === 'queries') {
      this.queries = { data: await this.loaders.queries(minSeq), failed: false };
    } else this.followUps = { data: await this.loaders.followUps(minSeq), failed: false };
  }
}
