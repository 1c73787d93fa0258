import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { freePort, npmStartNodeFlags, spawnService, waitFor } from './index.ts';
import { repoRoot } from './paths.ts';

const fixture = new URL('./fixtures/echo-service.ts', import.meta.url);

t.test('spawnService runs a TS entry with env, pipes its logs, and stops it', async (t) => {
  process.env.RCPX_DROPPED = 'inherited';
  const lines: string[] = [];
  const service = spawnService(
    fixture,
    { GREETING: 'hello', RCPX_DROPPED: undefined },
    { onLine: (line) => lines.push(line) },
  );
  t.teardown(() => service.kill('SIGKILL'));
  await waitFor(() => lines.includes('ready hello unset'));
  const exit = await service.kill('SIGTERM');
  t.same(exit, { code: 0, signal: null }, 'graceful exit on SIGTERM');
  t.match(service.output(), /bye/, 'stderr is captured too');
  t.same(await service.exited, exit);
});

t.test('spawnService reports a crash', async (t) => {
  const service = spawnService(fixture, {}, { onLine: () => {} });
  await waitFor(() => service.output().includes('ready'));
  t.same(await service.kill('SIGKILL'), { code: null, signal: 'SIGKILL' });
});

t.test('waitFor returns the first truthy value and times out with the last error', async (t) => {
  let n = 0;
  t.equal(await waitFor(() => (++n >= 3 ? n : 0), { intervalMs: 1 }), 3);
  await t.rejects(
    waitFor(
      () => {
        throw new Error('still down');
      },
      { timeoutMs: 20, intervalMs: 5, message: 'service' },
    ),
    /service after 20 ms: still down/,
  );
});

t.test('freePort gives a usable port', async (t) => {
  const port = await freePort();
  t.ok(port > 0 && port < 65536);
});

t.test('npmStartNodeFlags: the Node flags of the root `start` script, which Node takes', (t) => {
  const start = (
    JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      scripts: { start: string };
    }
  ).scripts.start;
  const flags = npmStartNodeFlags();
  t.ok(flags.length > 0, `flags of "${start}"`);
  t.ok(
    flags.every((f) => f.startsWith('--') && start.includes(f)),
    'each one is in the script',
  );
  t.ok(start.endsWith('services/all-in-one/src/main.ts'), 'the script ends with the entry');
  const run = spawnSync(process.execPath, [...flags, '-e', '0'], { encoding: 'utf8' });
  t.equal(run.status, 0, `node accepts them ${run.stderr}`);
  t.end();
});
