import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Negotiator from 'negotiator';
import { sql, type Kysely } from 'kysely';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  IdParams,
  Item,
  ItemQuery,
  ItemVersions,
  KNOWN_EVENT_TYPES,
  LANGUAGES,
  ReadQuery,
  canRead,
  readVisibility,
  visibilityOfColumns,
} from '@rcpx/contracts';
import type { ItemKind, Language, Reader } from '@rcpx/contracts';
import { readModels, visibleTo } from '@rcpx/db';
import type { Database } from '@rcpx/db';
import { appendVary, problem } from '@rcpx/service-kit';
import { latestAdoptions } from './adoptions-read.ts';
import { ITEM_COLUMNS, toItem } from './item-json.ts';
import type { ItemJsonRow } from './item-json.ts';
import { renderItemPage } from './item-page.ts';
import { PAGE_CSP } from './page-shell.ts';
import { COLLECTIONS } from './kinds.ts';
import { notFoundResponse, problems } from './schemas.ts';

/** The `kind` item `id` if `reader` may see it; missing, other kind and hidden look the same. */
export async function findVisibleItem(
  db: Kysely<Database>,
  schema: string,
  reader: Reader,
  kind: ItemKind,
  id: string,
): Promise<ItemJsonRow | undefined> {
  return readModels(db, schema)
    .selectFrom('items')
    .select(ITEM_COLUMNS)
    .where('id', '=', id)
    .where('kind', '=', kind)
    .where(visibleTo(reader))
    .executeTakeFirst();
}

/** The strong ETag of an item version. */
export const etagOf = (version: number) => `"${version}"`;

/** True when an `If-None-Match` header matches `etag` (`*`, a list, weak tags compared weakly). */
export function noneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag);
}

/** True when the request prefers a web page to JSON (a browser following a link). */
function wantsPage(request: FastifyRequest): boolean {
  return new Negotiator(request.raw).mediaType(['application/json', 'text/html']) === 'text/html';
}

/** The page's language: `?lang=`, else the best of Accept-Language, else English. */
function pageLanguage(request: FastifyRequest, lang: Language | undefined): Language {
  return lang ?? ((new Negotiator(request.raw).language([...LANGUAGES]) as Language) || 'en');
}

/** The body of every 404 of an item: the same whether it is missing, of another kind or hidden. */
const notFound = (noun: string) => problem.notFound(`No such ${noun}.`);

/**
 * `GET /v1/<kind>s/{id}` (ETag, If-None-Match → 304; a withdrawn item → 200 with
 * `status: "withdrawn"`) and `GET /v1/<kind>s/{id}/versions` (its history, oldest first).
 */
export function registerItemDetails(app: FastifyInstance, schema: string): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  for (const { kind, segment, noun } of COLLECTIONS) {
    r.get(
      `/v1/${segment}/:id`,
      {
        schema: {
          tags: ['read'],
          summary: `Get a ${noun}`,
          description:
            `The current state of a ${noun}, with \`ETag: "<version>"\`; \`If-None-Match\` ` +
            'with that tag → 304. A withdrawn item is still answered (200) with ' +
            '`status: "withdrawn"`. 404 when it does not exist, is of another kind, or the ' +
            'caller may not see it (indistinguishable). A request that prefers `text/html` ' +
            '(a browser following a link) gets a readable page of the item in `lang` (else ' +
            'Accept-Language, else English), under the same visibility.' +
            (kind === 'practice'
              ? ' A practice has `adoptions`: the latest record of each adopter the caller ' +
                'may see (see `/v1/practices/{id}/adoptions`).'
              : ''),
          params: IdParams,
          querystring: ItemQuery,
          response: { 200: Item, 404: notFoundResponse, ...problems },
        },
        config: { page: true },
      },
      async (request, reply) => {
        const row = await findVisibleItem(app.db, schema, request.reader, kind, request.params.id);
        appendVary(reply, 'Accept', 'Accept-Language');
        if (!row) throw notFound(noun);
        const adoptions =
          kind === 'practice'
            ? await latestAdoptions(app.db, schema, request.reader, row.id)
            : undefined;
        const item = adoptions === undefined ? toItem(row) : { ...toItem(row), adoptions };
        if (wantsPage(request)) {
          const lang = pageLanguage(request, request.query.lang);
          return (reply as FastifyReply)
            .header('content-security-policy', PAGE_CSP)
            .header('content-language', lang)
            .header('cache-control', 'private, no-cache')
            .type('text/html; charset=utf-8')
            .send(renderItemPage(item, lang, `/v1/${segment}/${row.id}`));
        }
        const etag = etagOf(row.version);
        reply.header('etag', etag);
        // the ETag is the practice's version (what If-Match names); its adoptions move without
        // it, so a practice with adoptions is never answered 304
        const noAdoptions = adoptions === undefined || adoptions.length === 0;
        if (noAdoptions && noneMatchHits(request.headers['if-none-match'], etag)) {
          // No body on a 304: the zod type provider knows no 304 schema.
          return (reply as FastifyReply).code(304).send();
        }
        return item;
      },
    );

    r.get(
      `/v1/${segment}/:id/versions`,
      {
        schema: {
          tags: ['read'],
          summary: `Version history of a ${noun}`,
          description:
            'Every event of the item, oldest first, each with its `data`. Visibility applies to ' +
            'the item as it is now (404 as for the item itself) and to each version as it was ' +
            'when published: a version the caller could not see is left out.',
          params: IdParams,
          querystring: ReadQuery,
          response: { 200: ItemVersions, 404: notFoundResponse, ...problems },
        },
      },
      async (request) => {
        const { reader } = request;
        const row = await findVisibleItem(app.db, schema, reader, kind, request.params.id);
        if (!row) throw notFound(noun);
        // the history is the item's events in the log mirror (future types are not versions)
        const versions = await readModels(app.db, schema)
          .selectFrom('events')
          .select(['seq', 'type', 'time'])
          .select(sql<number>`(envelope->>'rcpxversion')::int`.as('version'))
          .select(sql<unknown>`envelope->'data'`.as('data'))
          .where('item_id', '=', row.id)
          .where('type', 'in', KNOWN_EVENT_TYPES)
          .orderBy('seq', 'asc')
          .execute();
        const current = visibilityOfColumns(row.vis_level, row.vis_rcps);
        const items = versions.flatMap((v) => {
          const data = (v.data ?? {}) as Record<string, unknown>;
          const vis = readVisibility(data.visibility) ?? current;
          if (!canRead(reader, vis, row.participant)) return [];
          return [
            {
              version: v.version,
              seq: Number(v.seq),
              type: v.type,
              time: new Date(v.time).toISOString(),
              data,
            },
          ];
        });
        return { id: row.id, kind, items };
      },
    );
  }
}
