import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'tap';
import { createTestEnv, freePort, serviceEnv, waitFor } from '@rcpx/testing';

// `npm start` on a terminal: human-readable log lines, and the banner after them. `script` (from
// util-linux) gives the process a pseudo-terminal.
const hasScript = spawnSync('script', ['--version']).status === 0;

test(
  'npm start on a terminal: readable logs, the banner last',
  { skip: hasScript ? false : 'needs `script` (util-linux) for a pseudo-terminal' },
  async (t) => {
    const env = await createTestEnv(t);
    const state = await mkdtemp(join(tmpdir(), 'rcpx-var-'));
    t.teardown(() => rm(state, { recursive: true, force: true }));
    const port = await freePort();
    const command = `'${process.execPath}' --import tsx services/all-in-one/src/main.ts`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      env: {
        ...process.env,
        ...serviceEnv(env),
        PORT: String(port),
        LOG_LEVEL: 'info',
        RCPX_VAR_DIR: state,
        RCPX_ADMIN_TOKEN: 'terminal-test-admin',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((ok) => child.once('exit', ok));
    t.teardown(() => child.kill('SIGKILL'));

    await waitFor(() => output.includes('API docs:'), {
      timeoutMs: 180_000, // a start under a busy machine (tsx compiles every service)
      message: `npm start did not come up:\n${output}`,
    });
    const run = JSON.parse(await readFile(join(state, 'run.json'), 'utf8')) as { pid: number };
    process.kill(run.pid, 'SIGTERM');
    await exited;

    // eslint-disable-next-line no-control-regex
    const lines = output.replace(/\u001b\[[0-9;]*m/g, '').split(/\r?\n/);
    t.notOk(
      lines.some((l) => l.startsWith('{')),
      'no JSON log line on a terminal',
    );
    const started = lines.findIndex((l) => /INFO.*rcpx started/.test(l));
    const up = lines.findIndex((l) => l.startsWith('rcpx is up on'));
    t.ok(started >= 0, 'the start-up is logged in readable form');
    t.ok(up > started, 'the banner comes after the start-up log lines');
  },
);
