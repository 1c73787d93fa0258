/** Where a registry membership list comes from: a public page, and how it was read. */
export interface MembershipSourceNote {
  /** The publisher and page, e.g. "IOM — Regional Consultative Processes: Puebla Process". */
  readonly name: string;
  readonly url?: string;
}

/**
 * The member and observer states of one RCP as the registry ships them (ISO 3166-1 alpha-2),
 * with the date they are known to hold at and where they come from. `asOf` is only as precise
 * as the source said (`2023`, `2005-04`); `note` says how the list was read (a page read, or
 * recalled from a page and to verify).
 */
export interface RegistryMembership {
  readonly participant: string;
  readonly members: readonly string[];
  readonly observers: readonly string[];
  readonly asOf: string;
  readonly source: MembershipSourceNote;
  readonly note: string;
}
