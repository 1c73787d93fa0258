import t from 'tap';
import { z } from 'zod';
import { Problem } from '@rcpx/contracts';
import { createApp, createLogger, openapiPlugin } from './index.ts';

t.test('/docs/json is an OpenAPI 3 document built from the zod schemas', async (t) => {
  const app = createApp({ logger: createLogger({ LOG_LEVEL: 'silent' }) });
  await app.register(openapiPlugin, { title: 'rcpx test', version: '9.9.9' });
  app.post(
    '/v1/things/:id',
    {
      schema: {
        summary: 'Create a thing',
        params: z.object({ id: z.uuid() }),
        querystring: z.object({ minSeq: z.coerce.number().int().min(0).optional() }),
        body: z.object({ title: z.string().min(1), themes: z.array(z.string()).min(1).max(8) }),
        response: {
          201: z.object({ id: z.uuid(), version: z.number().int(), seq: z.number().int() }),
          400: Problem,
        },
      },
    },
    async (_req, reply) => reply.code(201).send({ id: crypto.randomUUID(), version: 1, seq: 1 }),
  );
  t.teardown(() => app.close());
  await app.ready();

  const res = await app.inject({ method: 'GET', url: '/docs/json' });
  t.equal(res.statusCode, 200);
  const doc = res.json();
  t.match(doc.openapi, /^3\.\d+\.\d+$/);
  t.same(doc.info, { title: 'rcpx test', version: '9.9.9' });
  t.same(doc.components.securitySchemes.bearerAuth, {
    type: 'http',
    scheme: 'bearer',
    description: doc.components.securitySchemes.bearerAuth.description,
  });
  const op = doc.paths['/v1/things/{id}'].post;
  t.ok(op, 'the route is documented with an OpenAPI path template');
  t.equal(op.summary, 'Create a thing');
  const body = op.requestBody.content['application/json'].schema;
  t.equal(body.type, 'object');
  t.same(body.required.sort(), ['themes', 'title']);
  t.equal(body.properties.themes.type, 'array');
  t.equal(body.properties.themes.maxItems, 8);
  const params = op.parameters.map((p: { in: string; name: string }) => `${p.in}:${p.name}`);
  t.same(params.sort(), ['path:id', 'query:minSeq']);
  t.equal(op.responses['201'].content['application/json'].schema.type, 'object');
  t.ok(op.responses['400'].content['application/problem+json'].schema.properties.errors);
  // every $ref resolves
  const refs = [...res.body.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
    (m) => m[1],
  );
  for (const r of refs) t.ok(doc.components.schemas?.[r!], `$ref ${r} resolves`);

  const ui = await app.inject({ method: 'GET', url: '/docs' });
  t.equal(ui.statusCode, 200);
  t.match(ui.headers['content-type'], /text\/html/);
});

t.test('a body that may be absent is not a required requestBody', async (t) => {
  const app = createApp({ logger: createLogger({ LOG_LEVEL: 'silent' }) });
  await app.register(openapiPlugin, {});
  const reason = z.object({ reason: z.string().optional() }).strict();
  app.delete('/v1/things/:id', { schema: { body: reason.nullish() } }, async () => ({}));
  app.post('/v1/things/:id', { schema: { body: reason } }, async () => ({}));
  t.teardown(() => app.close());
  await app.ready();
  const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
  const path = doc.paths['/v1/things/{id}'];
  t.equal(path.delete.requestBody.required, false, 'DELETE without a body is fine');
  t.ok(path.delete.requestBody.content['application/json'], 'the body is still documented');
  t.equal(path.post.requestBody.required, true, 'a required body stays required');
  // and the route really takes no body
  t.equal((await app.inject({ method: 'DELETE', url: '/v1/things/1' })).statusCode, 200);
});
