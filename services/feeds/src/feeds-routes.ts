import type { FastifyPluginAsync } from 'fastify';
import { registerAtom } from './atom-routes.ts';
import { registerEvents } from './events-route.ts';

export interface FeedsRoutesOptions {
  /** The read-model schema (`RCPX_READ_SCHEMA`, default `rm`). */
  schema?: string;
  /** Entries per Atom page (default 50). */
  pageSize?: number;
  /** How long `minSeq` may wait before 503 (default 5000 ms). */
  minSeqTimeoutMs?: number;
}

/**
 * `GET /v1/events` (the log as CloudEvents batches) and the Atom feeds
 * `GET /v1/feeds/themes/{theme}.atom`, `GET /v1/feeds/participants/{slug}.atom`. Needs
 * `rcpx-db` and `rcpx-auth` registered before it.
 */
export const feedsRoutes: FastifyPluginAsync<FeedsRoutesOptions> = async (fastify, opts) => {
  const schema = opts.schema ?? 'rm';
  registerEvents(fastify, schema, opts.minSeqTimeoutMs ?? 5_000);
  registerAtom(fastify, schema, opts.pageSize ?? 50);
};
