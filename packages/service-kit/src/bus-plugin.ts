import fp from 'fastify-plugin';
import type { Bus } from '@rcpx/bus';

declare module 'fastify' {
  interface FastifyInstance {
    /** The NATS/JetStream connection, from `busPlugin`. */
    bus: Bus;
  }
}

export interface BusPluginOptions {
  bus: Bus;
  /** Close the connection when the app closes (default true). */
  close?: boolean;
}

/** Decorates `fastify.bus`; closes the connection on close. Name `rcpx-bus`. */
export const busPlugin = fp<BusPluginOptions>(
  async (fastify, opts) => {
    fastify.decorate('bus', opts.bus);
    if (opts.close !== false) fastify.addHook('onClose', async () => opts.bus.close());
  },
  { name: 'rcpx-bus', fastify: '5.x' },
);
