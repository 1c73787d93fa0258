import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ANONYMOUS,
  AccessToken,
  FilterFields,
  Language,
  Problem,
  filterParams,
  filtersOf,
  findParticipant,
  findTheme,
  strictQuery,
  uuid5,
} from '@rcpx/contracts';
import type { Filters, Reader } from '@rcpx/contracts';
import { eventMatches, liveTokenOf, readModels, visibleTo, withMemberOf } from '@rcpx/db';
import type { Database } from '@rcpx/db';
import { problem } from '@rcpx/service-kit';
import { feedTexts } from './atom-texts.ts';
import { renderFeed } from './atom.ts';
import type { FeedEvent } from './atom.ts';

export const ATOM_TYPE = 'application/atom+xml; charset=utf-8';

/** A feed's query string; the list filters narrow it further. Unknown parameters → 400. */
const FeedQuery = strictQuery(
  FilterFields.extend({
    lang: Language.default('en').meta({
      description: 'Language of the feed and its entries',
      examples: ['fr'],
    }),
    /** An archive page: the entries with a seq below this, newest first. */
    before: z.coerce
      .number()
      .int()
      .min(1)
      .max(Number.MAX_SAFE_INTEGER)
      .optional()
      .meta({ description: 'An archive page: entries below this seq', examples: [500] }),
    /** A secret feed key (from `POST /v1/subscriptions/{id}/feed-key`). */
    key: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .meta({
        description: "A participant's secret feed key: its confidential items too (never logged)",
        examples: ['rcpxfeed_…'],
      }),
    ...AccessToken,
  }),
);
type FeedQuery = z.infer<typeof FeedQuery>;

type Filter = { kind: 'themes'; slug: string } | { kind: 'participants'; slug: string };

/**
 * The reader of a feed request: the feed key's participant while the token that authorised its
 * subscription is live (public items only once it is revoked), else the bearer token's.
 */
async function feedReader(
  db: Kysely<Database>,
  request: FastifyRequest,
  key?: string,
): Promise<Reader> {
  if (key === undefined) return request.reader;
  const hash = createHash('sha256').update(key).digest('hex');
  // Unknown keys count against the address's failed authentications, like bearer tokens.
  const sub = await request.server.authGuard.verify(request.ip, `feed:${hash}`, () =>
    db
      .selectFrom('subscriptions as s')
      .select(['s.id', 's.participant'])
      .select(liveTokenOf('s.token_id', 's.participant').as('authorised'))
      .where('s.feed_key_hash', '=', hash)
      .executeTakeFirst(),
  );
  if (!sub) throw problem.unauthorized('The feed key is unknown or was replaced.', true);
  if (!sub.authorised) return ANONYMOUS;
  return {
    kind: 'participant',
    participant: sub.participant,
    role: 'reader',
    tokenId: `feed:${sub.id}`,
  };
}

function filtered(db: Kysely<Database>, schema: string, reader: Reader, f: Filter, more: Filters) {
  const q = readModels(db, schema)
    .selectFrom('events as e')
    .where(visibleTo(reader, 'e'))
    .where(eventMatches(more, 'e'));
  return f.kind === 'themes'
    ? q.where(sql<boolean>`e.themes @> array[${f.slug}]::text[]`)
    : q.where('e.participant', '=', f.slug);
}

async function loadPage(
  db: Kysely<Database>,
  schema: string,
  reader: Reader,
  f: Filter,
  q: FeedQuery,
  size: number,
) {
  const more = await withMemberOf(db, schema, filtersOf(q));
  let query = filtered(db, schema, reader, f, more).select([
    'e.seq',
    'e.id',
    'e.type',
    'e.kind',
    'e.item_id',
    'e.participant',
    'e.themes',
    'e.time',
    'e.envelope',
  ]);
  if (q.before !== undefined) query = query.where('e.seq', '<', q.before);
  const rows = await query
    .orderBy('e.seq', 'desc')
    .limit(size + 1)
    .execute();
  const events: FeedEvent[] = rows.slice(0, size).map((r) => ({
    seq: Number(r.seq),
    id: r.id,
    type: r.type,
    kind: r.kind,
    itemId: r.item_id,
    participant: r.participant,
    themes: r.themes,
    time: r.time,
    data: (r.envelope as { data?: Record<string, unknown> }).data ?? {},
  }));
  const oldest = events[events.length - 1];
  const older = rows.length > size && oldest ? oldest.seq : undefined;
  let newer: number | undefined;
  if (q.before !== undefined) {
    // The archive just newer than this one: the `size` oldest entries from `before` on, when
    // more than that exist (else the newer entries are the head's).
    const up = await filtered(db, schema, reader, f, more)
      .select('e.seq')
      .where('e.seq', '>=', q.before)
      .orderBy('e.seq')
      .limit(size + 1)
      .execute();
    if (up.length > size) newer = Number(up[size - 1]!.seq) + 1;
  }
  return { events, older, newer };
}

function baseOf(request: FastifyRequest): string | undefined {
  const host = request.host;
  return /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)
    ? `${request.protocol}://${host}/`
    : undefined;
}

/**
 * Seconds an archive page may be cached: they change only when an item is narrowed or withdrawn
 * from view (its entries leave), so caches must let go of them soon enough.
 */
const ARCHIVE_MAX_AGE = 3_600;

function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => {
    const v = t.trim().replace(/^W\//, '');
    return v === '*' || v === etag;
  });
}

async function serveFeed(
  db: Kysely<Database>,
  schema: string,
  size: number,
  f: Filter,
  request: FastifyRequest,
  reply: FastifyReply,
  q: FeedQuery,
) {
  const reader = await feedReader(db, request, q.key);
  const { events, older, newer } = await loadPage(db, schema, reader, f, q, size);
  const path = `/v1/feeds/${f.kind}/${f.slug}.atom`;
  const more = filterParams(filtersOf(q));
  const url = (extra: Record<string, string>) => {
    const p = new URLSearchParams([
      ...(q.lang !== 'en' ? [['lang', q.lang]] : []),
      ...more,
      ...Object.entries(extra),
    ]);
    if (q.key !== undefined) p.set('key', q.key);
    const s = p.toString();
    return s ? `${path}?${s}` : path;
  };
  const label =
    f.kind === 'themes'
      ? (findTheme(f.slug)?.labels[q.lang] ?? f.slug)
      : (findParticipant(f.slug)?.name ?? f.slug);
  const body = renderFeed({
    // a filtered feed is another feed (an unfiltered one keeps its id)
    id: `urn:uuid:${uuid5(`rcpx:feeds:${f.kind}:${f.slug}:${q.lang}${more.length > 0 ? `?${new URLSearchParams(more).toString()}` : ''}`)}`,
    texts: feedTexts(f.kind, label, q.lang),
    lang: q.lang,
    base: baseOf(request),
    archive: q.before !== undefined,
    links: {
      self: url(q.before !== undefined ? { before: String(q.before) } : {}),
      current: url({}),
      alternate: `/v1/activity?${f.kind === 'themes' ? 'theme' : 'participant'}=${f.slug}`,
      older: older === undefined ? undefined : url({ before: String(older) }),
      newer: newer === undefined ? undefined : url({ before: String(newer) }),
    },
    events,
  });
  const etag = etagOf(body);
  // A keyed answer stays private even while its key reads public items only (revoked token).
  const restricted = reader.kind !== 'anonymous' || q.key !== undefined;
  reply
    .header('etag', etag)
    .header('vary', 'authorization')
    .header(
      'cache-control',
      `${restricted ? 'private' : 'public'}, max-age=${q.before !== undefined ? ARCHIVE_MAX_AGE : 60}`,
    );
  if (matches(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply.type(ATOM_TYPE).send(body);
}

/** `GET /v1/feeds/themes/{theme}.atom` and `GET /v1/feeds/participants/{slug}.atom`. */
export function registerAtom(fastify: FastifyInstance, schema: string, pageSize: number) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const common = {
    tags: ['feeds'],
    description:
      'Newest first, 50 a page with `rel="next-archive"`/`prev-archive` links. The list ' +
      'filters (`themes`, `participants`, `types`, `countries`, singular aliases) narrow the ' +
      "feed further (AND with the path's theme or participant); an unknown parameter is a 400.",
    querystring: FeedQuery,
    response: { 400: Problem, 401: Problem, 404: Problem, 503: Problem },
  };
  app.get(
    '/v1/feeds/themes/:theme.atom',
    {
      schema: {
        ...common,
        summary:
          'Atom feed of a theme (public items; a feed key shows what its participant may read)',
        params: z.object({ theme: z.string().max(100) }),
      },
    },
    async (request, reply) => {
      const { theme } = request.params;
      if (!findTheme(theme)) throw problem.notFound(`No theme "${theme}".`);
      return serveFeed(
        app.db,
        schema,
        pageSize,
        { kind: 'themes', slug: theme },
        request,
        reply,
        request.query,
      );
    },
  );
  app.get(
    '/v1/feeds/participants/:slug.atom',
    {
      schema: {
        ...common,
        summary: 'Atom feed of a participant (public items; a feed key shows more)',
        params: z.object({ slug: z.string().max(100) }),
      },
    },
    async (request, reply) => {
      const { slug } = request.params;
      if (!findParticipant(slug)) throw problem.notFound(`No participant "${slug}".`);
      return serveFeed(
        app.db,
        schema,
        pageSize,
        { kind: 'participants', slug },
        request,
        reply,
        request.query,
      );
    },
  );
}
