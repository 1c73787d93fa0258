import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'tap';
import { serviceEnv, spawnAllInOne, waitFor } from '@rcpx/testing';

const run = promisify(execFile);
const ADMIN = 'e2e-admin-token';

// The README journey against the real `npm start` entry: a child process on a free port, its own
// database and stream; curl-like requests with fetch; the CLI against the same servers.
test('npm start: publish with a token, read back, search, follow live, CLI, graceful stop', async (t) => {
  const state = await mkdtemp(join(tmpdir(), 'rcpx-var-'));
  t.teardown(() => rm(state, { recursive: true, force: true }));
  // not the checkout's var/: a running npm start keeps its run.json
  const proc = await spawnAllInOne(t, {
    admin: ADMIN,
    env: { RCPX_VAR_DIR: state },
    args: ['--demo'],
  });
  const { baseUrl: base, lines } = proc;
  const vars = {
    ...serviceEnv(proc.testEnv),
    RCPX_VAR_DIR: state,
    RCPX_ADMIN_TOKEN: ADMIN,
    PORT: String(proc.port),
    LOG_LEVEL: 'warn',
  };
  t.ok(
    lines.some((l) => l.includes('admin token: the one in RCPX_ADMIN_TOKEN (not shown)')),
    'banner says where the admin token comes from',
  );
  t.notOk(
    lines.some((l) => l.includes(ADMIN)),
    'a supplied admin token is never printed',
  );
  t.ok(
    lines.some((l) => l.includes('demo data:')),
    'banner reports the demo data',
  );

  const json = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${base}${path}`, init);
    return {
      status: res.status,
      headers: res.headers,
      body: (await res.json()) as Record<string, unknown>,
    };
  };

  const minted = await json('/v1/admin/tokens', {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ participant: 'bali-process', role: 'publisher' }),
  });
  t.equal(minted.status, 201);
  const token = minted.body.token as string;

  // follow live before publishing: the SSE stream must carry the new practice
  const live = await fetch(`${base}/v1/live?themes=trafficking`, {
    headers: { accept: 'text/event-stream' },
  });
  t.equal(live.status, 200);
  t.match(live.headers.get('content-type'), /text\/event-stream/);
  const reader = live.body!.getReader();

  const created = await json('/v1/practices', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: {
        en: 'National focal points for victim identification',
        fr: 'Points focaux nationaux pour l’identification des victimes',
      },
      themes: ['trafficking', 'human-rights'],
      countries: ['ID', 'TH'],
    }),
  });
  t.equal(created.status, 201);
  const { id, seq } = created.body as { id: string; seq: number };
  t.equal(created.headers.get('location'), `/v1/practices/${id}`);

  let text = '';
  const decoder = new TextDecoder();
  while (!text.includes(`id: ${seq}\n`)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
  }
  t.match(text, `practices/${id}`, 'the live feed carries the practice');
  await reader.cancel();

  const detail = await json(`/v1/practices/${id}?minSeq=${seq}`);
  t.equal(detail.status, 200);
  t.equal(detail.headers.get('etag'), '"1"');
  t.same(
    (detail.body.title as Record<string, string>).fr,
    'Points focaux nationaux pour l’identification des victimes',
  );

  const search = await json(`/v1/practices?q=victimes&minSeq=${seq}`);
  t.ok(
    (search.body.items as { id: string }[]).some((i) => i.id === id),
    'French full-text search finds it',
  );
  t.equal((await json('/v1/practices?q=')).status, 200, 'an empty search box is no search');
  const demo = await json('/v1/practices?participant=colombo-process');
  t.ok((demo.body.items as unknown[]).length > 0, 'demo practices are in the catalogue');
  const asked = await json('/v1/queries?participant=puebla-process');
  t.match(
    asked.body.items,
    [{ status: 'open', replyCount: 2 }],
    "the demo query, with the replies anonymous may read (one is the launcher's alone)",
  );
  type Hit = { kind: string; participant: string; link: string };
  const replies = (await json('/v1/search?q=ventanillas')).body.items as Hit[];
  t.match(replies, [{ kind: 'reply', participant: 'lima-process' }], 'search finds a public reply');
  t.notOk(
    ((await json('/v1/search?q=ressources')).body.items as Hit[]).some((h) => h.kind === 'reply'),
    "a reply for the launcher alone is in no one else's search",
  );
  const overdue = await json('/v1/follow-ups?participant=puebla-process&overdue=true');
  t.same(
    (overdue.body.items as { ref: string }[]).map((i) => i.ref),
    ['consular-network'],
    'the demo has an overdue recommendation',
  );
  // the lineage chain: Colombo's orientation → adapted by Puebla → Puebla's adapted by 5+5
  const origin = await json('/v1/practices?participant=colombo-process&q=orientation');
  const originId = (origin.body.items as { id: string }[])[0]?.id;
  await waitFor(
    async () =>
      ((await json(`/v1/practices/${originId}/lineage`)).body.descendants as unknown[] | undefined)
        ?.length === 2,
    { timeoutMs: 30_000, message: 'the demo lineage is projected' },
  );
  const lineage = await json(`/v1/practices/${originId}/lineage`);
  t.match(
    lineage.body,
    {
      practice: originId,
      ancestors: [],
      descendants: [
        { participant: 'puebla-process', depth: 1, from: originId, adoption: { stage: 'adapted' } },
        { participant: '5plus5', depth: 2, adoption: { adopter: '5plus5', stage: 'adapted' } },
      ],
    },
    'the demo lineage runs across three processes',
  );
  const [, fifth] = lineage.body.descendants as { id: string }[];
  t.match(
    (await json(`/v1/practices/${fifth?.id}/lineage`)).body,
    {
      ancestors: [
        { participant: 'puebla-process', depth: 1 },
        { id: originId, depth: 2 },
      ],
    },
    'and back from its last link to the origin',
  );
  const flows = (await json('/v1/stats/flows?theme=labour-migration')).body as unknown as {
    from: string;
    to: string;
    stage: string;
  }[];
  for (const [from, to, stage] of [
    ['colombo-process', 'puebla-process', 'adapted'],
    ['puebla-process', '5plus5', 'adapted'],
    ['colombo-process', 'midsa', 'piloting'],
  ]) {
    t.ok(
      flows.some((f) => f.from === from && f.to === to && f.stage === stage),
      `the demo flows: ${to} ${stage} from ${from}`,
    );
  }

  const docs = await json('/docs/json');
  const paths = Object.keys(docs.body.paths as object);
  for (const p of [
    '/v1/practices',
    '/v1/practices/{id}',
    '/v1/meetings',
    '/v1/publications',
    '/v1/activity',
    '/v1/themes',
    '/v1/participants',
    '/v1/events',
    '/v1/subscriptions',
    '/v1/admin/tokens',
  ]) {
    t.ok(paths.includes(p), `OpenAPI documents ${p}`);
  }
  t.equal((await json('/readyz')).status, 200);

  // the CLI works against the same servers
  const cliEnv = { ...process.env, ...vars };
  const cli = (args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'services/all-in-one/src/cli.ts', ...args], {
      env: cliEnv,
    });
  const out = await cli([
    'tokens',
    'create',
    '--participant',
    'colombo-process',
    '--role',
    'reader',
  ]);
  const cliToken = JSON.parse(out.stdout) as { token: string; id: string };
  t.equal(
    (await json('/v1/themes', { headers: { authorization: `Bearer ${cliToken.token}` } })).status,
    200,
  );
  const rebuilt = await cli(['projections', 'rebuild']);
  t.match(rebuilt.stdout, /rebuilt rm: \d+ events replayed/);
  t.equal((await json(`/v1/practices/${id}`)).status, 200, 'still readable after the rebuild swap');
  await cli(['tokens', 'revoke', cliToken.id]);
  await waitFor(
    async () =>
      (await fetch(`${base}/v1/themes`, { headers: { authorization: `Bearer ${cliToken.token}` } }))
        .status === 401,
    { timeoutMs: 30_000 },
  );
  await t.rejects(
    cli(['tokens', 'create', '--participant', 'nope', '--role', 'reader']),
    'bad CLI input exits non-zero',
  );

  const exit = await proc.kill('SIGTERM');
  t.equal(exit.code, 0, 'graceful stop exits 0');
});
