import type { Kysely } from 'kysely';
import {
  Memberships,
  type Filters,
  type MembershipOverride,
  type MembershipSource,
} from '@rcpx/contracts';
import type { Database } from './database.ts';
import { readModels } from './migrate.ts';

/** The admin's membership changes as the read models hold them (`<schema>.memberships`). */
export async function loadMembershipOverrides(
  db: Kysely<Database>,
  schema: string,
): Promise<MembershipOverride[]> {
  const rows = await readModels(db, schema)
    .selectFrom('memberships')
    .select(['participant', 'country', 'role', 'as_of', 'source', 'seq'])
    .execute();
  return rows.map((r) => ({
    participant: r.participant,
    country: r.country,
    role: r.role,
    asOf: r.as_of,
    source: r.source as MembershipSource,
    seq: Number(r.seq),
  }));
}

/** The effective memberships: the registry with the read models' changes over it. */
export async function loadMemberships(db: Kysely<Database>, schema: string): Promise<Memberships> {
  return new Memberships(await loadMembershipOverrides(db, schema));
}

/**
 * `f` with `memberStates` resolved to `memberOf` (the processes those states are members of),
 * which `eventMatches`/`itemMatches` need; `f` itself when it has no `memberStates`.
 */
export async function withMemberOf(
  db: Kysely<Database>,
  schema: string,
  f: Filters,
): Promise<Filters> {
  if (!f.memberStates) return f;
  const memberships = await loadMemberships(db, schema);
  return { ...f, memberOf: memberships.processesWithMembers(f.memberStates) };
}
