import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { readRunFile, removeRunFile, writeRunFile } from './run-file.ts';

t.test(
  'the run file is written where no var/ exists yet (a fresh clone), read back, removed',
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'rcpx-run-file-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'var', 'run.json');
    const run = { pid: process.pid, url: 'http://127.0.0.1:8080', env: { RCPX_STREAM: 'RCPX' } };
    writeRunFile(run, path);
    t.same(readRunFile(path), run);
    removeRunFile(path);
    t.equal(readRunFile(path), undefined);
  },
);
