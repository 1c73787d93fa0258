import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import t from 'tap';
import { spawnAllInOne } from '@rcpx/testing';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..', '..');
const ADMIN = 'client-package-test-admin-token';

// What an integrator outside the monorepo gets: `npm pack` builds the client (prepack) into a
// tarball; installed into a fresh directory it is imported by plain Node (no tsx), type-checks
// from its declarations, bundles for a browser without Node built-ins, and talks to a real
// started exchange: a meeting, a publication, and live() resuming after a seq.

const CONSUMER = `
import { createClient, RcpxError } from '@rcpx/client';
const [baseUrl, token] = process.argv.slice(2);
const rcpx = createClient({ baseUrl, token });
const meeting = await rcpx.recordMeeting({
  meeting: { title: { en: 'Senior officials meeting' }, level: 'senior-officials', startsOn: '2026-05-04' },
  outcomes: [{ kind: 'recommendation', text: { en: 'Share focal points', fr: 'Partager les points focaux' } }],
  themes: ['trafficking'],
});
const publication = await rcpx.releasePublication({
  title: { en: 'Regional report' }, kind: 'report', url: 'https://example.org/r.pdf', themes: ['trafficking'],
});
const read = await rcpx.getPublication(publication.id, { minSeq: publication.seq });
const seen = [];
const ac = new AbortController();
for await (const e of rcpx.live({ themes: ['trafficking'], after: meeting.seq - 1, transport: 'sse', signal: ac.signal })) {
  seen.push(e.rcpxseq);
  if (e.rcpxseq >= publication.seq) break;
}
let status = 0;
try { await createClient({ baseUrl }).getPractice('00000000-0000-4000-8000-000000000000'); }
catch (e) { status = e instanceof RcpxError ? e.status : -1; }
console.log(JSON.stringify({ meeting, publication, url: read.url, seen, status }));
`;

const TYPED = `
import { createClient, type Item, type PracticeInput } from '@rcpx/client';
const rcpx = createClient({ baseUrl: 'http://127.0.0.1:8080' });
const body: PracticeInput = { title: { en: 'x' }, themes: ['trafficking'] };
const item: Promise<Item> = rcpx.getPractice('id');
// @ts-expect-error a title is a localised object
const wrong: PracticeInput = { title: 5, themes: ['trafficking'] };
export { body, item, wrong };
`;

// building the declarations and starting the exchange take a while on a busy machine
t.setTimeout(600_000);

t.test('npm pack → install outside the monorepo → plain node, types, browser bundle', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rcpx-client-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));

  const packed = await run(
    'npm',
    ['pack', '-w', 'packages/client', '--json', '--pack-destination', dir],
    {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as {
    filename: string;
    files: { path: string }[];
  }[];
  const files = info!.files.map((f) => f.path).sort();
  t.same(
    files.filter((f) => !f.startsWith('dist/')),
    ['README.md', 'package.json'],
  );
  for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/client.js', 'dist/live-transport.js'])
    t.ok(files.includes(f), `ships ${f}`);
  t.notOk(
    files.some((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')),
    'no TypeScript sources',
  );

  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  await run(
    'npm',
    ['install', join(dir, info!.filename), '--no-audit', '--no-fund', '--prefer-offline'],
    {
      cwd: dir,
    },
  );

  // types: the package's declarations alone (no @rcpx/* beside it)
  writeFileSync(join(dir, 'typed.ts'), TYPED);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        lib: ['es2023', 'dom'],
        strict: true,
        noEmit: true,
        types: [],
      },
      files: ['typed.ts'],
    }),
  );
  await t.resolves(
    run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir]).catch(
      (e: { stdout?: string }) => Promise.reject(new Error(e.stdout)),
    ),
    'a TypeScript consumer type-checks against the declarations',
  );

  // browser: bundles with no Node built-in
  writeFileSync(join(dir, 'web.js'), "export { createClient } from '@rcpx/client';\n");
  const web = await build({
    absWorkingDir: dir,
    entryPoints: ['web.js'],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  const js = web.outputFiles[0]!.text;
  t.notMatch(js, /\brequire\(|from ?["']node:|from ?["']ws["']/, 'nothing node-only in the bundle');
  t.match(js, 'createClient');

  // plain node against a real exchange
  const { baseUrl, mint } = await spawnAllInOne(t, { admin: ADMIN });
  const token = await mint('apc');
  writeFileSync(join(dir, 'consumer.js'), CONSUMER);
  const out = await run(process.execPath, ['consumer.js', baseUrl, token], { cwd: dir });
  const result = JSON.parse(out.stdout) as {
    meeting: { id: string; seq: number };
    publication: { id: string; seq: number };
    url: string;
    seen: number[];
    status: number;
  };
  t.equal(result.url, 'https://example.org/r.pdf', 'the publication read back');
  t.same(result.seen, [result.meeting.seq, result.publication.seq], 'live resumed after a seq');
  t.equal(result.status, 404, 'errors are RcpxError');
});
