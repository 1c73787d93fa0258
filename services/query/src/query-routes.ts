import type { FastifyPluginAsync } from 'fastify';
import type { Clock } from '@rcpx/contracts';
import { registerActivity } from './activity.ts';
import { registerAdoptions } from './adoptions.ts';
import { registerFollowUps } from './follow-ups/routes.ts';
import { registerItemDetails } from './item-detail.ts';
import { registerItemLists } from './items-list.ts';
import { registerMemberships } from './memberships.ts';
import { registerParticipants } from './participants.ts';
import { registerQueries } from './queries/routes.ts';
import { registerSearch } from './search-route.ts';
import { readHook } from './read-hook.ts';
import { registerSkippedEvents } from './skipped-events.ts';
import { registerStats } from './stats.ts';
import { registerThemes } from './themes.ts';

export interface QueryRoutesOptions {
  /** The read-model schema (`RCPX_READ_SCHEMA`, default `rm`). */
  schema?: string;
  /** How long `minSeq` may wait before 503 (default 5000 ms). */
  minSeqTimeoutMs?: number;
  /** Where "today" comes from (days left of queries); the system clock by default. */
  clock?: Clock | undefined;
}

/**
 * The read path: lists, details and histories of practices/meetings/publications, the activity
 * timeline, search across kinds, themes and participants with counts. Needs `rcpx-db` and `rcpx-auth` registered
 * before it. Every route accepts `minSeq` (read-your-writes) and answers `Rcpx-Seq`.
 */
export const queryRoutes: FastifyPluginAsync<QueryRoutesOptions> = async (fastify, opts) => {
  const schema = opts.schema ?? 'rm';
  fastify.addHook('preHandler', readHook(fastify.db, schema, opts.minSeqTimeoutMs));
  registerItemLists(fastify, schema);
  registerItemDetails(fastify, schema);
  registerAdoptions(fastify, schema);
  registerActivity(fastify, schema);
  registerThemes(fastify, schema);
  registerParticipants(fastify, schema);
  registerMemberships(fastify, schema);
  registerStats(fastify, schema);
  registerSearch(fastify, schema, opts.clock);
  registerSkippedEvents(fastify, schema);
  registerQueries(fastify, schema, opts.clock);
  registerFollowUps(fastify, schema);
};
