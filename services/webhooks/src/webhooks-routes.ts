import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { lastSeq } from '@rcpx/bus';
import { problem, waitForSeq } from '@rcpx/service-kit';
import { Problem } from '@rcpx/contracts';
import {
  QueueFullError,
  ReadModelsBehindError,
  getDelivery,
  listDeliveries,
  redeliver,
  replay,
} from './deliveries.repository.ts';
import { fanoutCheckpoint } from './fanout.ts';
import {
  DeliveriesQuery,
  Delivery,
  DeliveryList,
  DeliveryParams,
  FeedKeyCreated,
  ReplayBody,
  ReplayResult,
  SecretRotated,
  Subscription,
  SubscriptionCreateBody,
  SubscriptionCreated,
  SubscriptionList,
  SubscriptionParams,
  SubscriptionPatchBody,
} from '@rcpx/contracts';
import { resolveSettings } from './settings.ts';
import type { WebhookConfigInput } from './settings.ts';
import {
  SubscriptionLimitError,
  createSubscription,
  deleteSubscription,
  getSubscription,
  issueFeedKey,
  listSubscriptions,
  rotateSecret,
  updateSubscription,
} from './subscriptions.repository.ts';
import { TargetRefusedError, checkTarget, parseAllowList } from './target-guard.ts';

/** At most this many subscriptions per participant. */
export const MAX_SUBSCRIPTIONS = 100;

export interface WebhooksRoutesOptions {
  /** `RCPX_WEBHOOK_ALLOW`, optional tunables and `RCPX_READ_SCHEMA` (replay reads `rm.events`). */
  config: WebhookConfigInput & { RCPX_READ_SCHEMA?: string };
  /** Called when deliveries become due (a local worker's `wake`). */
  wake?: () => void;
}

const TAGS = ['webhooks'];
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 503: Problem };

function queueFullAs409(err: unknown): never {
  if (err instanceof QueueFullError) throw problem.conflict(err.message);
  throw err;
}

/** The participant a subscription belongs to: any participant token (reader or publisher). */
function owner(request: FastifyRequest): string {
  const r = request.reader;
  if (!r || r.kind === 'anonymous') throw problem.unauthorized();
  if (r.kind === 'admin') {
    throw problem.forbidden('Subscriptions belong to a participant; use a participant token.');
  }
  return r.participant;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The id of the request's participant token, which (re-)authorises what it creates or patches. */
function tokenOf(request: FastifyRequest): string | null {
  const r = request.reader;
  return r?.kind === 'participant' && UUID.test(r.tokenId) ? r.tokenId : null;
}

/**
 * `/v1/subscriptions`: webhook subscriptions of the token's participant, their delivery log,
 * redelivery, replay from a seq, secret rotation and secret feed keys. Needs `rcpx-db`,
 * `rcpx-bus` and `rcpx-auth`.
 */
export const webhooksRoutes: FastifyPluginAsync<WebhooksRoutesOptions> = async (fastify, opts) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const settings = resolveSettings(opts.config);
  const allow = parseAllowList(opts.config.RCPX_WEBHOOK_ALLOW);
  const schema = opts.config.RCPX_READ_SCHEMA ?? 'rm';
  const wake = opts.wake ?? (() => {});

  const guard = async (url: string) => {
    try {
      await checkTarget(url, allow);
    } catch (err) {
      if (!(err instanceof TargetRefusedError)) throw err;
      throw problem.badRequest(err.message, [{ path: 'body.url', message: err.message }]);
    }
  };
  const mine = async (request: FastifyRequest, id: string): Promise<Subscription> => {
    const sub = await getSubscription(app.db, owner(request), id);
    if (!sub) throw problem.notFound('No such subscription.');
    return sub;
  };

  app.post(
    '/v1/subscriptions',
    {
      schema: {
        tags: TAGS,
        summary: 'Create a webhook subscription (the secret is shown once)',
        body: SubscriptionCreateBody,
        response: { 201: SubscriptionCreated, ...errors, 409: Problem },
      },
    },
    async (request, reply) => {
      const participant = owner(request);
      await guard(request.body.url);
      const created = await createSubscription(
        app.db,
        participant,
        request.body,
        () => lastSeq(app.bus),
        MAX_SUBSCRIPTIONS,
        tokenOf(request),
      ).catch((err: unknown) => {
        if (err instanceof SubscriptionLimitError) throw problem.conflict(err.message);
        throw err;
      });
      reply.header('location', `/v1/subscriptions/${created.id}`);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/v1/subscriptions',
    {
      schema: {
        tags: TAGS,
        summary: "The token participant's subscriptions",
        response: { 200: SubscriptionList, ...errors },
      },
    },
    async (request) => ({ items: await listSubscriptions(app.db, owner(request)) }),
  );

  app.get(
    '/v1/subscriptions/:id',
    {
      schema: {
        tags: TAGS,
        params: SubscriptionParams,
        response: { 200: Subscription, ...errors },
      },
    },
    async (request) => mine(request, request.params.id),
  );

  app.patch(
    '/v1/subscriptions/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Change the target, filters or active flag (`active: true` re-enables)',
        params: SubscriptionParams,
        body: SubscriptionPatchBody,
        response: { 200: Subscription, ...errors },
      },
    },
    async (request) => {
      const participant = owner(request);
      await mine(request, request.params.id);
      if (request.body.url !== undefined) await guard(request.body.url);
      const sub = await updateSubscription(
        app.db,
        participant,
        request.params.id,
        request.body,
        tokenOf(request),
      );
      if (!sub) throw problem.notFound('No such subscription.');
      if (request.body.active === true) wake();
      return sub;
    },
  );

  app.delete(
    '/v1/subscriptions/:id',
    {
      schema: {
        tags: TAGS,
        params: SubscriptionParams,
        response: { 204: z.null().describe('Deleted'), ...errors },
      },
    },
    async (request, reply) => {
      if (!(await deleteSubscription(app.db, owner(request), request.params.id))) {
        throw problem.notFound('No such subscription.');
      }
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/subscriptions/:id/deliveries',
    {
      schema: {
        tags: TAGS,
        summary: 'The delivery log, newest first',
        params: SubscriptionParams,
        querystring: DeliveriesQuery,
        response: { 200: DeliveryList, ...errors },
      },
    },
    async (request) => {
      const sub = await mine(request, request.params.id);
      return listDeliveries(app.db, sub.id, request.query);
    },
  );

  app.get(
    '/v1/subscriptions/:id/deliveries/:deliveryId',
    {
      schema: { tags: TAGS, params: DeliveryParams, response: { 200: Delivery, ...errors } },
    },
    async (request) => {
      const sub = await mine(request, request.params.id);
      const d = await getDelivery(app.db, sub.id, request.params.deliveryId);
      if (!d) throw problem.notFound('No such delivery.');
      return d;
    },
  );

  app.post(
    '/v1/subscriptions/:id/deliveries/:deliveryId/redeliver',
    {
      schema: {
        tags: TAGS,
        summary: 'Send one delivery again (a new delivery with the same webhook-id)',
        params: DeliveryParams,
        response: { 202: Delivery, ...errors, 409: Problem },
      },
    },
    async (request, reply) => {
      const sub = await mine(request, request.params.id);
      const d = await redeliver(
        app.db,
        sub.id,
        request.params.deliveryId,
        settings.RCPX_WEBHOOK_MAX_PENDING,
      ).catch(queueFullAs409);
      if (!d) throw problem.notFound('No such delivery.');
      wake();
      return reply.code(202).send(d);
    },
  );

  app.post(
    '/v1/subscriptions/:id/replay',
    {
      schema: {
        tags: TAGS,
        summary: 'Queue every matching event with seq > after again',
        params: SubscriptionParams,
        body: ReplayBody,
        response: { 202: ReplayResult, ...errors, 409: Problem },
      },
    },
    async (request, reply) => {
      const sub = await mine(request, request.params.id);
      // Let the read models catch up with the fan-out first (read-your-writes, ≤ 5 s).
      await waitForSeq(app.db, schema, await fanoutCheckpoint(app.db));
      try {
        const result = await replay(
          app.db,
          schema,
          sub,
          request.body.after,
          settings.RCPX_WEBHOOK_MAX_PENDING,
        ).catch(queueFullAs409);
        if (result.queued > 0) wake();
        return reply.code(202).send(result);
      } catch (err) {
        if (err instanceof ReadModelsBehindError) {
          throw problem.unavailable(1, 'The read models are catching up; retry shortly.');
        }
        throw err;
      }
    },
  );

  app.post(
    '/v1/subscriptions/:id/rotate-secret',
    {
      schema: {
        tags: TAGS,
        summary: 'New signing secret (shown once); the old one also signs for 24 h',
        params: SubscriptionParams,
        response: { 200: SecretRotated, ...errors },
      },
    },
    async (request) => {
      const r = await rotateSecret(
        app.db,
        owner(request),
        request.params.id,
        settings.RCPX_WEBHOOK_ROTATION_MS,
      );
      if (!r) throw problem.notFound('No such subscription.');
      return r;
    },
  );

  app.post(
    '/v1/subscriptions/:id/feed-key',
    {
      schema: {
        tags: TAGS,
        summary: 'Issue (or replace) a secret key for Atom feeds of what the participant may read',
        params: SubscriptionParams,
        response: { 201: FeedKeyCreated, ...errors },
      },
    },
    async (request, reply) => {
      const key = await issueFeedKey(app.db, owner(request), request.params.id, tokenOf(request));
      if (!key) throw problem.notFound('No such subscription.');
      return reply.code(201).send({
        feedKey: key,
        feeds: {
          themes: `/v1/feeds/themes/{theme}.atom?key=${key}`,
          participants: `/v1/feeds/participants/{slug}.atom?key=${key}`,
        },
      });
    },
  );
};
