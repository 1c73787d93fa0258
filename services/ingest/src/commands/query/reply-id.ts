import { uuid5 } from '@rcpx/contracts';

/** The id of `participant`'s reply to a query: one per participant, so deterministic. */
export function replyIdOf(queryId: string, participant: string): string {
  return uuid5(`${queryId}/${participant}`);
}
