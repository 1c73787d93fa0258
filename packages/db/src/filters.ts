import { sql, type RawBuilder } from 'kysely';
import type { Filters, Reader } from '@rcpx/contracts';
import { visibleTo } from './visibility.ts';

const AND = (parts: RawBuilder<boolean>[]) =>
  parts.length === 0 ? sql<boolean>`true` : sql<boolean>`(${sql.join(parts, sql` and `)})`;

const textArray = (values: readonly string[]) => sql`${sql.val([...values])}::text[]`;

/** `memberStates` as SQL: the publisher is one of the processes `withMemberOf` resolved. */
function memberOfPart(f: Filters, participant: RawBuilder<unknown>): RawBuilder<boolean>[] {
  if (!f.memberStates) return [];
  // a programming error, never the client's: resolve with `withMemberOf` first
  if (!f.memberOf) throw new Error('memberStates filter not resolved (withMemberOf)');
  return [sql<boolean>`${participant} = any(${textArray(f.memberOf)})`];
}

/**
 * The SQL of `matchesFilters` (@rcpx/contracts) over the events mirror (optionally qualified by
 * `alias`): the event's themes overlap, its participant and type are listed, the countries of its
 * data (`countriesOfData`) overlap, its participant is one of `memberOf` (`withMemberOf`). Each part can use an index (`events_themes`,
 * `events_participant`, `events_type`, `events_countries` + `events_host_country`).
 */
export function eventMatches(f: Filters, alias?: string): RawBuilder<boolean> {
  const col = (c: string) => sql.ref(alias ? `${alias}.${c}` : c);
  const parts: RawBuilder<boolean>[] = [];
  if (f.themes) parts.push(sql<boolean>`${col('themes')} && ${textArray(f.themes)}`);
  if (f.participants)
    parts.push(sql<boolean>`${col('participant')} = any(${textArray(f.participants)})`);
  if (f.types) parts.push(sql<boolean>`${col('type')} = any(${textArray(f.types)})`);
  parts.push(...memberOfPart(f, col('participant')));
  if (f.countries) {
    // `countriesOfData`: the data's countries, or a meeting's host country (two indexes, OR-ed)
    const data = sql`${col('envelope')}->'data'`;
    parts.push(
      sql<boolean>`((${data}->'countries') ?| ${textArray(f.countries)} or (${data}->'meeting'->>'hostCountry') = any(${textArray(f.countries)}))`,
    );
  }
  return AND(parts);
}

/**
 * The filters over the items table (optionally qualified by `alias`) of read schema `schema`:
 * themes and countries overlap (GIN indexes), participant listed; `types` keeps the items with
 * an event of one of those types that `reader` may see (e.g. the practices revised at least once).
 */
export function itemMatches(
  f: Filters,
  reader: Reader,
  schema: string,
  alias?: string,
): RawBuilder<boolean> {
  const col = (c: string) => sql.ref(alias ? `${alias}.${c}` : c);
  const parts: RawBuilder<boolean>[] = [];
  if (f.themes) parts.push(sql<boolean>`${col('themes')} && ${textArray(f.themes)}`);
  if (f.participants)
    parts.push(sql<boolean>`${col('participant')} = any(${textArray(f.participants)})`);
  if (f.countries) parts.push(sql<boolean>`${col('countries')} && ${textArray(f.countries)}`);
  parts.push(...memberOfPart(f, col('participant')));
  if (f.types) {
    parts.push(sql<boolean>`exists (select 1 from ${sql.table(`${schema}.events`)} fe
      where fe.item_id = ${col('id')} and fe.type = any(${textArray(f.types)})
        and ${visibleTo(reader, 'fe')})`);
  }
  return AND(parts);
}
