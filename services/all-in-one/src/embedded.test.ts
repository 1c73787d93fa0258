import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'tap';
import { waitFor } from '@rcpx/testing';
import { embeddedDataDir } from './local-infra.ts';

// The README's quick start where nothing runs: `npm start` with no DATABASE_URL / NATS_URL and
// no server on the standard ports starts an embedded PostgreSQL and a nats-server from PATH; the
// CLI then finds that PostgreSQL, while npm start runs and after it stopped. A network namespace
// of its own (unshare -n, root only) hides the machine's servers. The state dir is a mktemp -d
// (mode 700), where the postgres user cannot go: the data goes where it can.
const execFileP = promisify(execFile);
const isolated =
  process.getuid?.() === 0 && spawnSync('unshare', ['-n', 'true']).status === 0
    ? false
    : 'needs root and unshare(1) for a network namespace without the local servers';

const bare = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  for (const name of Object.keys(env))
    if (/^(DATABASE_URL|NATS_URL|RCPX_)/.test(name)) delete env[name];
  return env;
};

test(
  'npm start with nothing running: embedded servers, and the CLI finds them',
  { skip: isolated },
  async (t) => {
    const state = await mkdtemp(join(tmpdir(), 'rcpx-var-'));
    const data = embeddedDataDir(state).dir; // under the temp dir: the postgres user cannot reach state
    t.teardown(async () => {
      await rm(state, { recursive: true, force: true });
      await rm(data, { recursive: true, force: true });
    });
    const env = { ...bare(), RCPX_VAR_DIR: state, PORT: '18080', LOG_LEVEL: 'info' };
    const node = `'${process.execPath}' --import tsx`;
    const inNewNamespace = (command: string) => [
      '-n',
      'sh',
      '-c',
      `ip link set lo up && exec ${command}`,
    ];

    const server = spawn('unshare', inNewNamespace(`${node} services/all-in-one/src/main.ts`), {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((ok) => server.once('exit', ok));
    t.teardown(() => server.kill('SIGKILL'));
    await waitFor(() => output.includes('API docs:') || server.exitCode !== null, {
      timeoutMs: 120_000,
      message: `npm start did not come up:\n${output}`,
    });
    t.match(
      output,
      `PostgreSQL: embedded, data in ${data} (the postgres user cannot reach`,
      'an embedded PostgreSQL, its data where the postgres user can reach it',
    );
    t.match(output, /NATS: nats-server started by rcpx/, 'a nats-server from PATH');
    const lines = output.split('\n');
    t.ok(
      lines.findIndex((l) => l.includes('"rcpx started"')) <
        lines.findIndex((l) => l.startsWith('rcpx is up')),
      'the banner comes after the start-up log lines',
    );

    // in npm start's namespace (same pid: sh and unshare exec), as from another shell
    const inServerNamespace = (args: string[]) =>
      execFileP('nsenter', ['-t', String(server.pid), '-n', process.execPath, ...args], { env });
    const created = await inServerNamespace([
      '--import',
      'tsx',
      'services/all-in-one/src/cli.ts',
      'tokens',
      'create',
      '--participant',
      'bali-process',
      '--role',
      'reader',
    ]);
    const minted = JSON.parse(created.stdout) as { id: string; token: string };
    const status = await inServerNamespace([
      '-e',
      `fetch('http://127.0.0.1:18080/v1/themes', { headers: { authorization: 'Bearer ${minted.token}' } }).then((r) => console.log(r.status))`,
    ]);
    t.equal(status.stdout.trim(), '200', 'the running server knows the token the CLI minted');

    server.kill('SIGTERM');
    t.equal(await exited, 0, 'npm start stops cleanly');

    const listed = await execFileP(
      'unshare',
      inNewNamespace(`${node} services/all-in-one/src/cli.ts tokens list`),
      { env },
    );
    t.match(listed.stdout, minted.id, 'with npm start stopped, the CLI finds the embedded data');
  },
);

test(
  'npm start with no NATS and no nats-server: says what to do, in words, and exits 1',
  { skip: isolated },
  async (t) => {
    const state = await mkdtemp(join(tmpdir(), 'rcpx-var-'));
    const data = embeddedDataDir(state).dir;
    t.teardown(async () => {
      await rm(state, { recursive: true, force: true });
      await rm(data, { recursive: true, force: true });
    });
    const env = { ...bare(), RCPX_VAR_DIR: state, NATS_SERVER_BIN: join(state, 'no-nats-server') };
    const node = `'${process.execPath}' --import tsx`;
    const run = execFileP(
      'unshare',
      ['-n', 'sh', '-c', `ip link set lo up && exec ${node} services/all-in-one/src/main.ts`],
      { env },
    );
    const failed = (await run.then(
      () => ({ code: 0, stderr: '' }),
      (err: unknown) => err,
    )) as { code: number; stderr: string };
    t.equal(failed.code, 1, 'exit 1');
    t.match(failed.stderr, /^rcpx: cannot start: No NATS server answers/, 'says what is missing');
    t.match(failed.stderr, /apt-get install nats-server/, 'and how to get it');
    t.notMatch(failed.stderr, /\n\s+at /, 'no stack trace');
  },
);
