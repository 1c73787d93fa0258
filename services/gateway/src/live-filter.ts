import { canRead } from '@rcpx/contracts';
import type { MemberLookup, Reader } from '@rcpx/contracts';
import { themeMask, themesHaveBits } from './frame.ts';
import type { Frame } from './frame.ts';

/**
 * What a live connection asked for (`filtersOf` of its query string); an absent or empty list
 * does not constrain.
 */
export interface LiveFilterSpec {
  themes?: readonly string[] | undefined;
  participants?: readonly string[] | undefined;
  types?: readonly string[] | undefined;
  countries?: readonly string[] | undefined;
  memberStates?: readonly string[] | undefined;
}

const setOf = (list: readonly string[] | undefined): ReadonlySet<string> | null =>
  list && list.length > 0 ? new Set(list) : null;

/**
 * The filter of one connection: OR within a list, AND across lists, and the visibility rule
 * (`canRead`) for the connection's reader.
 */
export class LiveFilter {
  readonly #themes: ReadonlySet<string> | null;
  /** The themes' bits when every theme has one (taxonomy themes), else 0: use the set. */
  readonly #themeMask: number;
  readonly #participants: ReadonlySet<string> | null;
  readonly #types: ReadonlySet<string> | null;
  readonly #countries: ReadonlySet<string> | null;
  readonly #memberStates: readonly string[] | null;

  /** `members` answers `memberStates` (without it, a `memberStates` filter matches nothing). */
  constructor(
    readonly reader: Reader,
    spec: LiveFilterSpec = {},
    private readonly members?: MemberLookup,
  ) {
    this.#themes = setOf(spec.themes);
    this.#themeMask =
      this.#themes && themesHaveBits([...this.#themes]) ? themeMask([...this.#themes]) : 0;
    this.#participants = setOf(spec.participants);
    this.#types = setOf(spec.types);
    this.#countries = setOf(spec.countries);
    this.#memberStates =
      spec.memberStates && spec.memberStates.length > 0 ? spec.memberStates : null;
  }

  /** True when the frame is asked for and the reader may see it. */
  matches(frame: Frame): boolean {
    if (this.#types && !this.#types.has(frame.type)) return false;
    if (this.#participants && !this.#participants.has(frame.participant)) return false;
    const themes = this.#themes;
    if (themes) {
      // Runs for every connection on every event. Taxonomy themes: one AND (equal bits ⟺
      // equal slugs); anything else: a plain loop over the frame's themes.
      if (this.#themeMask !== 0) {
        if ((frame.themeMask & this.#themeMask) === 0) return false;
      } else {
        let any = false;
        for (let i = 0; i < frame.themes.length; i++) {
          if (themes.has(frame.themes[i]!)) {
            any = true;
            break;
          }
        }
        if (!any) return false;
      }
    }
    const countries = this.#countries;
    if (countries && !frame.countries.some((c) => countries.has(c))) return false;
    const states = this.#memberStates;
    if (states && !(this.members?.hasMemberIn(frame.participant, states) ?? false)) return false;
    return canRead(this.reader, frame.visibility, frame.participant);
  }
}
