import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { Database } from '@rcpx/db';

declare module 'fastify' {
  interface FastifyInstance {
    /** The Postgres connection pool (kysely), from `dbPlugin`. */
    db: Kysely<Database>;
  }
}

export interface DbPluginOptions {
  db: Kysely<Database>;
  /** Destroy the pool when the app closes (default true). */
  close?: boolean;
}

/** Decorates `fastify.db`; destroys the pool on close. Name `rcpx-db`. */
export const dbPlugin = fp<DbPluginOptions>(
  async (fastify, opts) => {
    fastify.decorate('db', opts.db);
    if (opts.close !== false) fastify.addHook('onClose', async () => opts.db.destroy());
  },
  { name: 'rcpx-db', fastify: '5.x' },
);
