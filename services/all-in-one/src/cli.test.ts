import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'tap';
import pg from 'pg';
import { createTestEnv, freePort, serviceEnv, spawnService, waitFor } from '@rcpx/testing';

const execFileP = promisify(execFile);

/** This process's environment without any server or log of its own: a new shell. */
function newShell(vars: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env))
    if (/^(DATABASE_URL|NATS_URL|RCPX_)/.test(name)) delete env[name];
  return { ...env, ...vars };
}

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const argv = ['--import', 'tsx', 'services/all-in-one/src/cli.ts', ...args];
  try {
    const { stdout, stderr } = await execFileP(process.execPath, argv, { env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

test('in a new shell, the CLI works on the running npm start: its database and its log', async (t) => {
  const env = await createTestEnv(t);
  const state = await mkdtemp(join(tmpdir(), 'rcpx-var-'));
  t.teardown(() => rm(state, { recursive: true, force: true }));
  const port = await freePort();
  const server = spawnService(
    'services/all-in-one/src/main.ts',
    { ...serviceEnv(env), PORT: String(port), LOG_LEVEL: 'warn', RCPX_VAR_DIR: state },
    { onLine: () => {} },
  );
  t.teardown(() => server.kill('SIGKILL'));
  const base = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${base}/readyz`).catch(() => null))?.status === 200, {
    timeoutMs: 180_000, // a start under a busy machine (tsx compiles every service)
    message: `npm start did not come up:\n${server.output()}`,
  });
  const shell = newShell({ RCPX_VAR_DIR: state });
  const themes = (token: string) =>
    fetch(`${base}/v1/themes`, { headers: { authorization: `Bearer ${token}` } }).then(
      (r) => r.status,
    );

  const created = await cli(
    ['tokens', 'create', '--participant', 'colombo-process', '--role', 'reader'],
    shell,
  );
  t.equal(created.code, 0, created.stderr);
  const minted = JSON.parse(created.stdout) as { id: string; token: string };
  t.equal(await themes(minted.token), 200, 'the token is in the database of the running server');

  const rebuilt = await cli(['projections', 'rebuild'], shell);
  t.equal(rebuilt.code, 0, rebuilt.stderr);
  t.match(rebuilt.stdout, /^rebuilt rm: \d+ events replayed/, 'the log of the running server');

  const set = await cli(
    ['membership', 'set', 'colombo-process', 'MY', 'member', '--as-of', '2026-11'],
    shell,
  );
  t.equal(set.code, 0, set.stderr);
  const change = JSON.parse(set.stdout) as { seq: number; role: string };
  t.equal(change.role, 'member');
  const colombo = (await (
    await fetch(`${base}/v1/participants/colombo-process?minSeq=${change.seq}`)
  ).json()) as { members: { country: string; asOf: string }[] };
  t.match(
    colombo.members.find((m) => m.country === 'MY'),
    { asOf: '2026-11' },
    'membership set: in the log of the running server, read back',
  );
  const bad = await cli(['membership', 'set', 'colombo-process', 'my', 'chair'], shell);
  t.equal(bad.code, 2, 'a bad code or role is a usage error');
  t.match(bad.stderr, /country.*role|role.*country/s);

  const revoked = await cli(['tokens', 'revoke', minted.id], shell);
  t.equal(revoked.code, 0, revoked.stderr);
  await waitFor(async () => (await themes(minted.token)) === 401, { timeoutMs: 10_000 });

  t.equal((await server.kill('SIGTERM')).code, 0, 'npm start stopped');
  const client = new pg.Client({ connectionString: env.databaseUrl });
  await client.connect();
  const { rows } = await client
    .query('select revoked_at from tokens where id = $1', [minted.id])
    .finally(() => client.end());
  t.ok(rows[0]?.revoked_at, 'created and revoked in the database of the server');
});

test('token commands need no NATS: they work with NATS down', async (t) => {
  const env = await createTestEnv(t);
  const dead = `nats://127.0.0.1:${await freePort()}`;
  const shell = newShell({ DATABASE_URL: env.databaseUrl, NATS_URL: dead });
  const created = await cli(
    ['tokens', 'create', '--participant', 'bali-process', '--role', 'publisher'],
    shell,
  );
  t.equal(created.code, 0, created.stderr);
  const { id } = JSON.parse(created.stdout) as { id: string };
  const listed = await cli(['tokens', 'list'], shell);
  t.equal(listed.code, 0, listed.stderr);
  t.match(listed.stdout, id);
  t.equal((await cli(['tokens', 'revoke', id], shell)).code, 0);
});

test('every failure is one clear line on stderr and a non-zero exit', async (t) => {
  const env = await createTestEnv(t);
  const deadPg = `postgres://postgres@127.0.0.1:${await freePort()}/rcpx`;
  const deadNats = `nats://127.0.0.1:${await freePort()}`;
  const cases: Array<[string, string[], NodeJS.ProcessEnv, number, RegExp]> = [
    [
      'PostgreSQL down',
      ['tokens', 'create', '--participant', 'bali-process', '--role', 'reader'],
      newShell({ DATABASE_URL: deadPg }),
      1,
      /^rcpx: cannot use PostgreSQL at .*ECONNREFUSED/,
    ],
    [
      'NATS down for a rebuild',
      ['projections', 'rebuild'],
      newShell({ ...serviceEnv(env), NATS_URL: deadNats }),
      1,
      /^rcpx: cannot use .*NATS at /,
    ],
    [
      'a bad variable',
      ['tokens', 'list'],
      newShell({ DATABASE_URL: 'not a url' }),
      1,
      /^rcpx: invalid configuration: DATABASE_URL: /,
    ],
    [
      'an unknown participant',
      ['tokens', 'create', '--participant', 'nope', '--role', 'reader'],
      newShell({ DATABASE_URL: env.databaseUrl }),
      2,
      /^rcpx: --participant: /,
    ],
    ['an unknown command', ['tokens', 'frob'], newShell(), 2, /^rcpx: unknown command/],
    ['an unknown option', ['--frob'], newShell(), 2, /^rcpx: Unknown option '--frob'/],
    [
      'an unknown token id',
      ['tokens', 'revoke', '00000000-0000-4000-8000-000000000000'],
      newShell({ DATABASE_URL: env.databaseUrl }),
      1,
      /^rcpx: no live token with id /,
    ],
  ];
  for (const [name, args, shell, code, line] of cases) {
    const result = await cli(args, shell);
    t.equal(result.code, code, `${name}: exit ${code}`);
    t.match(result.stderr, line, `${name}: says what failed`);
    t.equal(result.stderr.trimEnd().split('\n').length, 1, `${name}: one line: ${result.stderr}`);
    t.equal(result.stdout, '', `${name}: nothing on stdout`);
  }
});
