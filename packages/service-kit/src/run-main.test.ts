import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const FIXTURE = fileURLToPath(new URL('./run-main.fixture.ts', import.meta.url));

function run(mode: string) {
  const child = spawn(process.execPath, ['--import=tsx', FIXTURE], {
    env: { ...process.env, MODE: mode },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (re: RegExp) => {
    while (!re.test(out)) await new Promise((r) => setTimeout(r, 20));
  };
  return { child, exited, waitFor, output: () => out };
}

t.test('SIGTERM closes gracefully and exits 0', async (t) => {
  const p = run('ok');
  await p.waitFor(/fixture started/);
  p.child.kill('SIGTERM');
  t.equal(await p.exited, 0);
  const out = p.output();
  t.match(out, /EXTRA CLOSED/);
  t.match(out, /APP CLOSED/);
  t.ok(out.indexOf('EXTRA CLOSED') < out.indexOf('APP CLOSED'), 'extra close runs first');
  t.match(out, /fixture: closed/);
});

t.test('a failing start exits 1 with the reason', async (t) => {
  const p = run('fail-start');
  t.equal(await p.exited, 1);
  t.match(p.output(), /fixture: failed to start: .*port taken/);
});

t.test('an uncaught error closes and exits 1', async (t) => {
  const p = run('crash');
  t.equal(await p.exited, 1);
  t.match(p.output(), /APP CLOSED/);
  t.match(p.output(), /boom/);
});
