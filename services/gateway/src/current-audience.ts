import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Reader } from '@rcpx/contracts';
import { visibleTo } from '@rcpx/db';
import type { Database } from '@rcpx/db';

/**
 * Of `seqs` (events the reader may read by their own visibility), the ones the reader may no
 * longer read because their item's audience has narrowed since: withheld from a resume.
 */
export type WithheldSeqs = (
  reader: Reader,
  seqs: readonly number[],
) => Promise<ReadonlySet<number>>;

const NONE: ReadonlySet<number> = new Set();
const UNDEFINED_TABLE = '42P01';

/**
 * `WithheldSeqs` from the read models' mirrored log (`<schema>.events`, whose rows are stored
 * under their item's current audience) with one query: a seq whose row is there and that the
 * reader may not read (`visibleTo`) is withheld. A seq without a row — not projected yet (the
 * newest events, current by definition), or never mirrored — keeps its own visibility, as do
 * all of them while the read models do not exist yet.
 */
export function withheldSeqs(db: Kysely<Database>, schema: string): WithheldSeqs {
  const events = sql.table(`${schema}.events`);
  return async (reader, seqs) => {
    if (seqs.length === 0 || reader.kind === 'admin') return NONE;
    try {
      const { rows } = await sql<{ seq: string }>`select e.seq from ${events} e
        where e.seq = any(${sql.val(seqs)}::bigint[]) and not ${visibleTo(reader, 'e')}`.execute(
        db,
      );
      return rows.length === 0 ? NONE : new Set(rows.map((r) => Number(r.seq)));
    } catch (err) {
      if ((err as { code?: unknown }).code === UNDEFINED_TABLE) return NONE;
      throw err;
    }
  };
}
