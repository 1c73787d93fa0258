import { test } from 'tap';
import { startTestExchange } from './test-exchange.ts';

// End to end in one process: real ingest, the real projector (its search projection), the
// query, feeds and live routes on real Postgres and NATS.
test('filters and accent-free search through the real write and projection path', async (t) => {
  const { app, headersOf } = await startTestExchange(t, {
    admin: 'admin-token-filters-search',
    webhooks: false,
  });
  const publisher = headersOf;
  const puebla = await publisher('puebla-process');
  const fivePlusFive = await publisher('5plus5');
  const bali = await publisher('bali-process');
  const write = async (url: string, headers: Record<string, string>, payload: object) => {
    const res = await app.inject({ method: 'POST', url, headers, payload });
    if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json() as { id: string; seq: number };
  };
  const practice = await write('/v1/practices', fivePlusFive, {
    title: { fr: 'Aide au départ volontaire' },
    themes: ['return-reintegration'],
    countries: ['MA', 'FR'],
  });
  const meeting = await write('/v1/meetings', puebla, {
    meeting: {
      title: { es: 'Reunión sobre la regularización migratoria' },
      level: 'technical-workshop',
      startsOn: '2026-10-01',
      hostCountry: 'CR',
    },
    outcomes: [{ kind: 'conclusions', text: { es: 'Se recomienda la Regularización.' } }],
    themes: ['regularization'],
  });
  const publication = await write('/v1/publications', puebla, {
    title: { en: 'Handbook' },
    summary: { fr: 'Un chapitre sur le départ des travailleurs.' },
    kind: 'guidelines',
    url: 'https://example.org/handbook.pdf',
    themes: ['labour-migration', 'return-reintegration'],
  });
  const secret = await write('/v1/practices', bali, {
    title: { fr: 'Départ confidentiel' },
    themes: ['return-reintegration'],
    visibility: { level: 'members' },
  });
  const minSeq = secret.seq;
  const get = async (url: string, headers: Record<string, string> = {}) => {
    const sep = url.includes('?') ? '&' : '?';
    const res = await app.inject({ url: `${url}${sep}minSeq=${minSeq}`, headers });
    return { status: res.statusCode, body: res.json() };
  };
  const ids = async (url: string, headers?: Record<string, string>) => {
    const res = await get(url, headers);
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body.items as { id: string }[]).map((i) => i.id);
  };

  const search = await ids('/v1/search?q=depart');
  t.same(search, [practice.id, publication.id], 'a title match ranks above a summary match');
  t.same(
    (await ids('/v1/search?q=DÉPART', bali)).sort(),
    [secret.id, practice.id, publication.id].sort(),
    'bali sees its own members-only practice too',
  );
  t.notOk(
    (await ids('/v1/search?q=confidentiel')).includes(secret.id),
    'never to the wrong reader',
  );
  t.same(await ids('/v1/search?q=regularizacion'), [meeting.id], 'a meeting outcome text, es');
  t.same(await ids('/v1/meetings?q=REGULARIZACION&countries=CR'), [meeting.id]);
  t.same(await ids('/v1/practices?q=depart&theme=return-reintegration'), [practice.id]);
  t.same(await ids('/v1/search?q=depart&participants=puebla-process'), [publication.id]);

  const events = await get('/v1/events?countries=CR&types=org.rcpx.meeting.outcome.recorded');
  t.same(
    (events.body as { subject: string }[]).map((e) => e.subject),
    [`meetings/${meeting.id}`],
    "a meeting's host country on the event log",
  );
  const unknown = await get('/v1/practices?thme=trafficking');
  t.equal(unknown.status, 400);
  t.match(unknown.body.detail, /allowed: .*themes/);

  const openapi = (await app.inject({ url: '/docs/json' })).json() as {
    paths: Record<string, { get?: { parameters?: Parameter[] } }>;
  };
  for (const path of [
    '/v1/practices',
    '/v1/meetings',
    '/v1/publications',
    '/v1/activity',
    '/v1/search',
    '/v1/stats',
    '/v1/events',
    '/v1/live',
    '/v1/feeds/themes/{theme}.atom',
  ]) {
    const parameters = openapi.paths[path]?.get?.parameters ?? [];
    const names = parameters.map((p) => p.name);
    for (const name of ['themes', 'participants', 'types', 'countries', 'theme', 'country']) {
      t.ok(names.includes(name), `OpenAPI ${path} documents ${name}`);
    }
    // an integrator reads what each query parameter does, with an example
    for (const p of parameters.filter((p) => p.in === 'query')) {
      t.ok(p.description ?? p.schema?.description, `${path} ?${p.name} has a description`);
      t.ok(
        [p.example, p.examples, p.schema?.example, p.schema?.examples].some((e) => e !== undefined),
        `${path} ?${p.name} has an example`,
      );
    }
  }
});

interface Parameter {
  name: string;
  in: string;
  description?: string;
  example?: unknown;
  examples?: unknown;
  schema?: { description?: string; example?: unknown; examples?: unknown };
}
