import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';

type Transform = typeof jsonSchemaTransform;
type TransformObject = typeof jsonSchemaTransformObject;

/** `/v1/x/:id` → `/v1/x/{id}`, as @fastify/swagger names paths. */
const openapiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/**
 * The zod transform, then error responses (4xx/5xx) documented as `application/problem+json`.
 * A body its schema lets be absent (e.g. `DELETE`'s optional reason) is recorded in `optional`:
 * @fastify/swagger marks every request body required.
 */
const transformWith =
  (optional: Set<string>): Transform =>
  (input) => {
    const out = jsonSchemaTransform(input) as { schema: Record<string, unknown>; url: string };
    const body = (input.schema as { body?: unknown } | undefined)?.body;
    if (body instanceof z.ZodType && body.safeParse(undefined).success) {
      for (const m of [input.route.method].flat())
        optional.add(`${m.toLowerCase()} ${openapiPath(input.url)}`);
    }
    const response = out.schema?.response as Record<string, Record<string, unknown>> | undefined;
    if (response) {
      for (const [code, schema] of Object.entries(response)) {
        if (!/^[45]/.test(code) || 'content' in schema) continue;
        const { description, ...rest } = schema;
        response[code] = {
          description: typeof description === 'string' ? description : 'Problem (RFC 9457)',
          content: { 'application/problem+json': { schema: rest } },
        };
      }
    }
    return out;
  };

/** jsonSchemaTransformObject, then `requestBody.required: false` where the body is optional. */
const transformObjectWith =
  (optional: Set<string>): TransformObject =>
  (input) => {
    const doc = jsonSchemaTransformObject(input) as {
      paths?: Record<string, Record<string, { requestBody?: { required?: boolean } }>>;
    };
    for (const key of optional) {
      const [method, path] = key.split(' ') as [string, string];
      const op = doc.paths?.[path]?.[method];
      if (op?.requestBody) op.requestBody.required = false;
    }
    return doc as ReturnType<TransformObject>;
  };

export interface OpenapiPluginOptions {
  title?: string;
  version?: string;
  description?: string;
  /** Where the UI is served (default `/docs`; the document is at `<prefix>/json`). */
  routePrefix?: string;
}

/**
 * OpenAPI 3.1 document generated from the routes' zod schemas (4xx/5xx response schemas are
 * documented as `application/problem+json`), UI at `/docs`, JSON at
 * `/docs/json`, with a `bearerAuth` (HTTP bearer) security scheme that is optional on every
 * operation. Name `rcpx-openapi`; register it before the routes it should document.
 */
export const openapiPlugin = fp<OpenapiPluginOptions>(
  async (fastify, opts) => {
    const optionalBodies = new Set<string>();
    await fastify.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: opts.title ?? 'rcpx',
          version: opts.version ?? '1.0.0',
          ...(opts.description ? { description: opts.description } : {}),
        },
        components: {
          securitySchemes: {
            bearerAuth: {
              type: 'http',
              scheme: 'bearer',
              description:
                'A participant or admin token. Browsers may pass it as the `access_token` query ' +
                'parameter on GET (WebSocket, Server-Sent Events).',
            },
          },
        },
        // Anonymous access is allowed on reads; writes check the token's role.
        security: [{}, { bearerAuth: [] }],
      },
      transform: transformWith(optionalBodies),
      transformObject: transformObjectWith(optionalBodies),
    });
    await fastify.register(swaggerUi, { routePrefix: opts.routePrefix ?? '/docs' });
  },
  { name: 'rcpx-openapi', fastify: '5.x' },
);
